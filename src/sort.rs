//! One small sort for the whole crate.

/// Below this many items a binary insertion sort does fewer comparisons than a heap sort (an
/// object's members, the common case: the canonical form of the event id sorts every object's
/// keys, and a comparison is a string comparison), and its moves are still few.
const INSERTION_BELOW: usize = 64;

/// Sorts `items` by `less` in place (a heap sort, or a binary insertion sort for few items):
/// O(n log n) comparisons, no allocation, and far less code than the standard library's sorts
/// (which cost the npm .wasm 5 KB gzip here). `less` must be a strict total order, so the result
/// does not depend on the algorithm.
pub(crate) fn sort_by_less<T>(items: &mut [T], less: impl Fn(&T, &T) -> bool) {
    if items.len() < INSERTION_BELOW {
        for end in 1..items.len() {
            // Where `items[end]` goes among the sorted `items[..end]`: after every item not
            // greater than it.
            let (mut low, mut high) = (0, end);
            while low < high {
                let middle = low + (high - low) / 2;
                let goes_before = items
                    .get(end)
                    .zip(items.get(middle))
                    .is_some_and(|(item, other)| less(item, other));
                if goes_before {
                    high = middle;
                } else {
                    low = middle + 1;
                }
            }
            // Moved into place by swaps: few for an object's members, and no `memmove` call
            // (a call out of wasm in the engine) as `rotate_right` makes.
            for at in (low..end).rev() {
                items.swap(at, at + 1);
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
        // Either way, at every length about the switch, with repeats and in every order.
        for len in [2, 3, 17, 63, 64, 65, 200] {
            for stride in [1, 7, 31] {
                let mut items: Vec<u32> = (0..len).map(|i| (i * stride) % 13).collect();
                let mut expected = items.clone();
                expected.sort_unstable();
                sort_by_less(&mut items, |a, b| a < b);
                assert_eq!(items, expected, "len {len}, stride {stride}");
            }
        }
    }
}
