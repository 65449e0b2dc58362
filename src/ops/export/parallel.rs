//! Laying out pages on every core while the calling thread takes them in order: batch `k + 1`
//! is laid out by rayon's threads while this thread consumes batch `k`, so the output is the
//! same whatever the number of cores, and at most two batches are in memory at once.

use std::ops::Range;

use rayon::prelude::*;

/// Pages laid out together: large enough to keep the threads busy, small enough to stay a few
/// megabytes.
pub(super) const BATCH: usize = 256;

/// Calls `consume(index, lay_out(&prepared, index))` for every index below `count`, in order,
/// with `lay_out` running in parallel ahead of it, `batch` indices at a time; `prepared` is
/// what `prepare` made for the batch of indices the index is in (one store call for a batch
/// rather than one per page), made on rayon's threads too, while this thread consumes the
/// batch before. `consume` answers whether to go on.
pub(super) fn in_order<T, P, E>(
    count: usize,
    batch: usize,
    prepare: impl Fn(Range<usize>) -> Result<P, E> + Sync,
    lay_out: impl Fn(&P, usize) -> T + Sync,
    mut consume: impl FnMut(usize, T) -> Result<bool, E>,
) -> Result<(), E>
where
    T: Send,
    P: Sync,
    E: Send,
{
    let batch = |start: usize| start..(start + batch).min(count);
    let lay_out_batch = |start: usize| -> Result<Vec<T>, E> {
        let prepared = prepare(batch(start))?;
        Ok(batch(start).into_par_iter().map(|index| lay_out(&prepared, index)).collect())
    };
    let mut ready = lay_out_batch(0)?;
    let mut start = 0;
    while start < count {
        let next_start = start + ready.len();
        let mut next: Result<Vec<T>, E> = Ok(Vec::new());
        let go_on = rayon::in_place_scope(|scope| {
            if next_start < count {
                let (lay_out_batch, next) = (&lay_out_batch, &mut next);
                scope.spawn(move |_| *next = lay_out_batch(next_start));
            }
            for (offset, item) in ready.drain(..).enumerate() {
                if !consume(start + offset, item)? {
                    return Ok(false);
                }
            }
            Ok(true)
        })?;
        if !go_on {
            return Ok(());
        }
        start = next_start;
        ready = next?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_index_is_consumed_once_in_order() {
        let count = BATCH * 3 + 17;
        let mut seen = Vec::new();
        let prepared = std::sync::Mutex::new(Vec::new());
        let result: Result<(), ()> = in_order(
            count,
            BATCH,
            |range| {
                prepared.lock().expect("lock").push(range.clone());
                Ok(range.start)
            },
            |start, index| {
                assert!(index >= *start && index < start + BATCH, "laid out with its own batch's preparation");
                index * 2
            },
            |index, doubled| {
                assert_eq!(doubled, index * 2);
                seen.push(index);
                Ok(true)
            },
        );
        assert!(result.is_ok());
        assert_eq!(seen, (0..count).collect::<Vec<_>>());
        let prepared = prepared.into_inner().expect("lock");
        assert_eq!(prepared, vec![0..BATCH, BATCH..2 * BATCH, 2 * BATCH..3 * BATCH, 3 * BATCH..count]);
    }

    #[test]
    fn consuming_stops_when_asked_or_on_an_error() {
        let mut seen = 0;
        let stopped: Result<(), ()> = in_order(
            BATCH * 2,
            BATCH,
            |_| Ok(()),
            |_, index| index,
            |index, _| {
                seen += 1;
                Ok(index < 9)
            },
        );
        assert!(stopped.is_ok());
        assert_eq!(seen, 10);
        let failed = in_order(
            BATCH * 2,
            BATCH,
            |_| Ok(()),
            |_, index| index,
            |index, _| if index == 300 { Err(index) } else { Ok(true) },
        );
        assert_eq!(failed, Err(300));
        let none: Result<(), ()> =
            in_order(0, BATCH, |_| Ok(()), |_, index| index, |_, _| panic!("nothing to consume"));
        assert!(none.is_ok());
    }

    #[test]
    fn a_batch_that_cannot_be_prepared_stops_after_the_batches_before_it() {
        let mut seen = 0;
        let failed = in_order(
            BATCH * 3,
            BATCH,
            |range| if range.start == BATCH { Err("the store") } else { Ok(()) },
            |_, index| index,
            |_, _| {
                seen += 1;
                Ok(true)
            },
        );
        assert_eq!(failed, Err("the store"));
        assert_eq!(seen, BATCH, "the first batch, whole, and nothing after");
    }
}
