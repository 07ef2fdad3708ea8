//! The banner npm and pnpm print before a package's script runs:
//! `> @shop/web@1.0.0 build` (pnpm adds the package's directory), then
//! the command, `> tsc -p .`. What follows, up to the next banner, is that
//! script's output (`npm run build --workspaces`; turbo grouping a task's
//! output on CI): its tools name files relative to the package's directory.

use super::{Item, Parsed};
use crate::line::{Cursor, Line};

/// The package a banner line names, with the command line below it.
pub(crate) fn parse(line: &Line<'_>, cur: &mut Cursor<'_>) -> Option<Parsed> {
    let rest = line.text.strip_prefix("> ")?;
    let (id, script) = rest.split_once(' ')?;
    let name = package_of(id)?;
    if script.trim().is_empty() {
        return None;
    }
    if let Some(command) = cur.peek()
        && command.text.starts_with("> ")
    {
        cur.consume(&command);
    }
    Some(Parsed::one(line, Item::Package(name.to_string())))
}

/// The package name of npm's `name@version` (`@scope/name@1.0.0`), when it
/// is one.
fn package_of(id: &str) -> Option<&str> {
    let scoped = id.starts_with('@');
    let at = id[usize::from(scoped)..].find('@')? + usize::from(scoped);
    let (name, version) = (&id[..at], &id[at + 1..]);
    let bare = match name.strip_prefix('@') {
        Some(scoped) => {
            let (scope, bare) = scoped.split_once('/')?;
            (!scope.is_empty() && scope.bytes().all(name_byte)).then_some(bare)?
        }
        None => name,
    };
    let valid = !bare.is_empty() && bare.bytes().all(name_byte) && version.starts_with(|c: char| c.is_ascii_digit());
    valid.then_some(name)
}

/// Whether `b` may be in an npm package's name (its scope, or the name
/// itself).
pub(crate) fn name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~".contains(&b)
}

#[cfg(test)]
mod tests {
    use crate::Parser;

    #[test]
    fn a_banner_names_the_package_of_the_output_below_it() {
        let log = "> @shop/web@1.0.0 build\n> tsc -p .\n\n\
                   src/index.ts(2,20): error TS2551: Property 'lenght' does not exist on type 'number[]'. Did you mean 'length'?\n\
                   \n> util@0.2.0-beta.1 build /work/shop/packages/util\n> tsc -p .\n\n\
                   src/index.ts(2,20): error TS2551: Property 'lenght' does not exist on type 'number[]'. Did you mean 'length'?\n\
                   @shop/api:build: src/index.ts(2,20): error TS2551: Property 'lenght' does not exist on type 'number[]'. Did you mean 'length'?\n";
        let analysis = Parser::new().parse_bytes(log.as_bytes());
        let packages: Vec<_> = analysis.diagnostics().iter().map(|d| d.package()).collect();
        // The same error in three packages is three errors; a line's own
        // prefix says more than the banner above it.
        assert_eq!(packages, [Some("@shop/web"), Some("util"), Some("@shop/api")]);
    }

    #[test]
    fn other_lines_that_start_like_a_banner_are_not_taken() {
        let log = "> make all\n> @x@latest build\n> a@1.0.0\n> @/b@1.0.0 build\n> x y@1.0.0 build\n\
                   src/a.ts(1,1): error TS2304: Cannot find name 'x'.\n";
        let analysis = Parser::new().parse_bytes(log.as_bytes());
        assert_eq!(analysis.diagnostics()[0].package(), None);
    }
}
