//! Property tests of the edit buffer.

use buildfix_fix::{ByteEdit, Conflict, EditBuffer};
use proptest::prelude::*;

/// A file and disjoint edits over it: replacements that do not touch, and
/// insertions at points outside every replacement, each at its own point.
fn file_and_edits() -> impl Strategy<Value = (Vec<u8>, Vec<ByteEdit>)> {
    (
        proptest::collection::vec(any::<u8>(), 0..200),
        proptest::collection::vec((any::<u16>(), any::<bool>(), "[a-z;\n]{0,6}"), 0..12),
    )
        .prop_map(|(file, raw)| {
            let len = file.len();
            let mut points: Vec<usize> = raw.iter().map(|(p, _, _)| usize::from(*p) % (len + 1)).collect();
            points.sort_unstable();
            points.dedup();
            let mut edits = Vec::new();
            let mut i = 0;
            let mut texts = raw.iter().map(|(_, insert, t)| (*insert, t.clone())).cycle();
            while i < points.len() {
                let (insert, text) = texts.next().unwrap();
                if insert || i + 1 == points.len() {
                    edits.push(ByteEdit::new(points[i]..points[i], text));
                    i += 1;
                } else {
                    edits.push(ByteEdit::new(points[i]..points[i + 1], text));
                    // The next edit starts after a gap, so no two edits touch.
                    i += 3;
                }
            }
            (file, edits)
        })
}

/// What applying sorted, disjoint edits must give.
fn reference(file: &[u8], edits: &[ByteEdit]) -> Vec<u8> {
    let mut sorted = edits.to_vec();
    sorted.sort_by_key(|e| (e.range().start, e.range().end));
    let mut out = Vec::new();
    let mut at = 0;
    for e in &sorted {
        out.extend_from_slice(&file[at..e.range().start]);
        out.extend_from_slice(e.text());
        at = e.range().end;
    }
    out.extend_from_slice(&file[at..]);
    out
}

proptest! {
    #[test]
    fn no_edits_is_identity(file in proptest::collection::vec(any::<u8>(), 0..300)) {
        prop_assert_eq!(EditBuffer::new(file.clone()).contents(), file);
    }

    #[test]
    fn any_order_of_disjoint_edits_gives_the_same_bytes((file, edits) in file_and_edits(), seed in any::<u64>()) {
        let mut forward = EditBuffer::new(file.clone());
        for e in &edits {
            forward.apply(std::slice::from_ref(e)).unwrap();
        }
        let mut shuffled = edits.clone();
        let n = shuffled.len();
        for i in (1..n).rev() {
            shuffled.swap(i, (seed.wrapping_mul(i as u64 + 7) % (i as u64 + 1)) as usize);
        }
        let mut other = EditBuffer::new(file.clone());
        for e in &shuffled {
            other.apply(std::slice::from_ref(e)).unwrap();
        }
        let mut at_once = EditBuffer::new(file.clone());
        at_once.apply(&edits).unwrap();
        // Bytes outside the edits are unchanged and in order: the result is
        // exactly the original cut around the edits.
        prop_assert_eq!(&forward.contents(), &reference(&file, &edits));
        prop_assert_eq!(other.contents(), forward.contents());
        prop_assert_eq!(at_once.contents(), forward.contents());
    }

    #[test]
    fn an_overlapping_fix_is_refused_and_changes_nothing((file, edits) in file_and_edits(), pick in any::<prop::sample::Index>(), extra in "[A-Z]{0,3}") {
        let replacements: Vec<&ByteEdit> = edits.iter().filter(|e| !e.range().is_empty()).collect();
        prop_assume!(!replacements.is_empty());
        let mut buf = EditBuffer::new(file);
        buf.apply(&edits).unwrap();
        let before = buf.contents();
        let target = pick.get(&replacements).range();
        // Ends inside the replaced range, together with a harmless edit.
        let clash = ByteEdit::new(target.start..target.start + 1, format!("{extra}#"));
        let err = buf.apply(&[clash]).unwrap_err();
        let is_overlap = matches!(err, Conflict::Overlap { identical: false, .. });
        prop_assert!(is_overlap);
        prop_assert_eq!(buf.contents(), before);
    }

    #[test]
    fn an_identical_duplicate_is_flagged_and_is_a_no_op((file, edits) in file_and_edits(), pick in any::<prop::sample::Index>()) {
        prop_assume!(!edits.is_empty());
        let mut buf = EditBuffer::new(file);
        buf.apply(&edits).unwrap();
        let before = buf.contents();
        let again = pick.get(&edits).clone();
        let identical = matches!(buf.apply(&[again]), Err(Conflict::Overlap { identical: true, .. }));
        prop_assert!(identical);
        prop_assert_eq!(buf.contents(), before);
    }
}
