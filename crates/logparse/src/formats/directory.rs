//! make's and ninja's word on where they run a command: `make[1]: Entering
//! directory '/src/app/lib'` (make -C, recursive make), `ninja: Entering
//! directory `build'` (ninja -C). A compiler run there names its files
//! relative to that directory.

use super::{Item, Parsed};
use crate::line::Line;

/// The directory a line of make or ninja says it enters.
pub(crate) fn parse(line: &Line<'_>) -> Option<Parsed> {
    let (tool, said) = line.text.split_once(": ")?;
    let tool = tool.split_once('[').map_or(tool, |(name, depth)| {
        if depth
            .strip_suffix(']')
            .is_some_and(|d| d.bytes().all(|b| b.is_ascii_digit()))
        {
            name
        } else {
            ""
        }
    });
    // gmake, mingw32-make, /usr/bin/make: a make all the same.
    let name = tool.rsplit(['/', '\\']).next().unwrap_or(tool);
    let name = name.strip_suffix(".exe").unwrap_or(name);
    if !(name.ends_with("make") || name == "ninja") {
        return None;
    }
    let quoted = said.strip_prefix("Entering directory ")?;
    let dir = quoted
        .strip_prefix('\'')
        .or_else(|| quoted.strip_prefix('`'))?
        .strip_suffix('\'')?;
    (!dir.is_empty()).then(|| Parsed::one(line, Item::Directory(dir.to_string())))
}

#[cfg(test)]
mod tests {
    use crate::Parser;

    #[test]
    fn make_and_ninja_say_where_they_run_commands() {
        let log = "make -C lib\n\
                   make[1]: Entering directory '/src/app/lib'\n\
                   answer.c:5:12: error: 'cuont' undeclared\n\
                   make[1]: Leaving directory '/src/app/lib'\n\
                   make[2]: Entering directory '/src/app/lib'\n\
                   gmake: Entering directory `/src/app/old'\n\
                   ninja: Entering directory `build'\n\
                   mingw32-make.exe[3]: Entering directory 'C:/src/app/win'\n";
        let analysis = Parser::new().parse_bytes(log.as_bytes());
        assert_eq!(
            analysis.directories(),
            ["/src/app/lib", "/src/app/old", "build", "C:/src/app/win"]
        );
        assert_eq!(analysis.summary().errors, 1);
    }

    #[test]
    fn other_lines_about_directories_are_not_taken() {
        let log = "cp: cannot stat directory '/x': No such file\n\
                   make[x]: Entering directory '/y'\n\
                   cmake: Entering directory ''\n\
                   error: Entering directory '/z'\n";
        assert!(Parser::new().parse_bytes(log.as_bytes()).directories().is_empty());
    }
}
