//! `nearest-identifier`: the identifier of a file closest to a misspelt one.

use std::collections::HashSet;

/// The one identifier in `source` nearest to `name` by edit distance
/// (adjacent swaps count once), if it is close enough (at most one edit for
/// names of up to four characters, two beyond) and no other is as near.
pub fn closest<'a>(name: &str, source: &'a str) -> Option<&'a str> {
    let limit = if name.chars().count() <= 4 { 1 } else { 2 };
    let words: HashSet<&str> = source
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty() && !w.starts_with(|c: char| c.is_ascii_digit()) && *w != name)
        .collect();
    let mut best: Option<(&str, usize)> = None;
    let mut tied = false;
    for w in words {
        let d = distance(name, w);
        if d > limit {
            continue;
        }
        match best {
            Some((_, bd)) if d > bd => {}
            Some((_, bd)) if d == bd => tied = true,
            _ => {
                best = Some((w, d));
                tied = false;
            }
        }
    }
    if tied { None } else { best.map(|(w, _)| w) }
}

/// Optimal string alignment distance over characters.
fn distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_one_close_identifier() {
        let src = "int count = 1; string Name; int total; cuont;";
        assert_eq!(closest("cuont", src), Some("count"));
        assert_eq!(closest("Nmae", src), Some("Name"));
        assert_eq!(closest("totl", src), Some("total"));
        assert_eq!(closest("zzzzzz", src), None);
        // Two equally near candidates: no guess.
        assert_eq!(closest("cat", "bat hat"), None);
    }
}
