//! `${name}` templates filled from a regex's named captures.

use std::collections::BTreeMap;

/// The capture names a template uses, in order.
pub fn names(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(at) = rest.find("${") {
        let Some(end) = rest[at..].find('}') else { break };
        out.push(&rest[at + 2..at + end]);
        rest = &rest[at + end + 1..];
    }
    out
}

/// `template` with every `${name}` replaced by its capture; `None` when a
/// capture is missing.
pub fn fill(template: &str, captures: &BTreeMap<String, String>) -> Option<String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("${") {
        let end = rest[at..].find('}')? + at;
        out.push_str(&rest[..at]);
        out.push_str(captures.get(&rest[at + 2..end])?);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_names() {
        let caps = BTreeMap::from([("a".to_string(), "x".to_string())]);
        assert_eq!(
            fill("did you mean '${a}'?", &caps).as_deref(),
            Some("did you mean 'x'?")
        );
        assert_eq!(fill("${b}", &caps), None);
        assert_eq!(names("${a} and ${b}"), ["a", "b"]);
    }
}
