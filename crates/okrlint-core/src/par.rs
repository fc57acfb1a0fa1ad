//! Work split across the machine's cores with scoped threads, results kept in input order so
//! output stays byte-identical whatever the core count.

/// How many threads to use: the machine's parallelism, at most `work` (and at least 1).
pub fn threads(work: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(work)
        .max(1)
}

/// Runs `f` on every item, in contiguous chunks on up to [`threads`] threads. Below `min`
/// items it runs on the calling thread: starting threads costs more than small work.
pub fn for_each_mut<T: Send>(items: &mut [T], min: usize, f: impl Fn(&mut T) + Sync) {
    let n = if items.len() < min {
        1
    } else {
        threads(items.len())
    };
    if n <= 1 {
        items.iter_mut().for_each(f);
        return;
    }
    let chunk = items.len().div_ceil(n);
    std::thread::scope(|scope| {
        for part in items.chunks_mut(chunk) {
            let f = &f;
            scope.spawn(move || part.iter_mut().for_each(f));
        }
    });
}

/// `f` applied to every item, results in the items' order, on up to [`threads`] threads
/// (items are dealt out round-robin, so long and short tasks mix).
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let n = threads(items.len());
    if n <= 1 {
        return items.iter().map(f).collect();
    }
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..n)
            .map(|t| {
                let f = &f;
                scope.spawn(move || {
                    items
                        .iter()
                        .enumerate()
                        .skip(t)
                        .step_by(n)
                        .map(|(i, item)| (i, f(item)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            // A panic in `f` is a bug in okrlint, not bad input: pass it on as it was.
            let done = handle
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in done {
                slots[i] = Some(r);
            }
        }
    });
    slots
        .into_iter()
        .map(|r| r.expect("every slot is filled"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_input_order() {
        let items: Vec<u64> = (0..1000).collect();
        assert_eq!(
            map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        let mut data = items.clone();
        for_each_mut(&mut data, 1, |x| *x += 1);
        assert_eq!(data, (1..1001).collect::<Vec<_>>());
        assert!(map(&Vec::<u8>::new(), |x| *x).is_empty());
    }
}
