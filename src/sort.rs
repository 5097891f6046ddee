//! One small sort for the whole crate.

/// Below this many items an insertion sort does fewer comparisons than a heap sort (an object's
/// members, the common case).
const INSERTION_BELOW: usize = 20;

/// Sorts `items` by `less` in place (a heap sort, or an insertion sort for few items): O(n log n),
/// no allocation, and far less code than the standard library's sorts (which cost the npm .wasm
/// 5 KB gzip here). `less` must be a strict total order, so the result does not depend on the
/// algorithm.
pub(crate) fn sort_by_less<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    if items.len() < INSERTION_BELOW {
        for end in 1..items.len() {
            let mut at = end;
            while at > 0
                && items
                    .get(at - 1)
                    .zip(items.get(at))
                    .is_some_and(|(a, b)| less(b, a))
            {
                items.swap(at - 1, at);
                at -= 1;
            }
        }
        return;
    }
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
    use super::sort_by_less;

    #[test]
    fn sort_by_less_sorts() {
        let mut items = [5, 3, 9, 1, 5, 0, 7, 2, 8, 6, 4];
        sort_by_less(&mut items, |a, b| a < b);
        assert_eq!(items, [0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9]);
        let mut long: Vec<u32> = (0..100).map(|i| (i * 37) % 101).collect();
        sort_by_less(&mut long, |a, b| a < b);
        assert!(long.windows(2).all(|w| w[0] <= w[1]));
        let mut empty: [u8; 0] = [];
        sort_by_less(&mut empty, |a, b| a < b);
        let mut one = [1];
        sort_by_less(&mut one, |a, b| a < b);
        assert_eq!(one, [1]);
    }
}
