//! One small sort for the whole crate.

/// Sorts `items` by `less` in place: O(n log n), no allocation, and far less code than the
/// standard library's sorts (which cost the npm .wasm 5 KB gzip here). `less` must be a strict
/// total order, so the result does not depend on the algorithm.
pub(crate) fn heap_sort<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    // Every index used is below `end`, which is at most the length: no access can fail.
    let sift_down = |items: &mut [T], mut root: usize, end: usize| loop {
        let mut child = 2 * root + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&items[child], &items[child + 1]) {
            child += 1;
        }
        if !less(&items[root], &items[child]) {
            return;
        }
        items.swap(root, child);
        root = child;
    };
    let len = items.len();
    for root in (0..len / 2).rev() {
        sift_down(items, root, len);
    }
    for end in (1..len).rev() {
        items.swap(0, end);
        sift_down(items, 0, end);
    }
}

#[cfg(test)]
mod tests {
    use super::heap_sort;

    #[test]
    fn heap_sort_sorts() {
        let mut items = [5, 3, 9, 1, 5, 0, 7, 2, 8, 6, 4];
        heap_sort(&mut items, |a, b| a < b);
        assert_eq!(items, [0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9]);
        let mut empty: [u8; 0] = [];
        heap_sort(&mut empty, |a, b| a < b);
        let mut one = [1];
        heap_sort(&mut one, |a, b| a < b);
        assert_eq!(one, [1]);
    }
}
