use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The tool that printed a diagnostic.
///
/// Tools that share an output format but differ in what they mean (gcc and
/// clang, javac and Maven) are kept apart, because their column units and
/// their fixes differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tool {
    /// rustc, directly or through cargo (human or JSON output).
    Rustc,
    /// GCC's C and C++ front ends.
    Gcc,
    /// Clang's C and C++ front ends.
    Clang,
    /// The C# compilers: MSBuild/dotnet's csc, and Mono's mcs.
    Csharp,
    /// MSBuild itself and other MSBuild tasks (`MSB*`, `NU*` codes).
    Msbuild,
    /// javac, directly or through Gradle.
    Javac,
    /// Maven's compiler plugin (`[ERROR] File.java:[l,c] message`).
    Maven,
    /// The Kotlin compiler as Gradle prints it (`e: file:///...`).
    Kotlin,
    /// A Java exception's stack trace (a program's, or a failed test's).
    Java,
    /// The TypeScript compiler.
    Tsc,
    /// The Go toolchain: `go build`, `go vet`.
    Go,
    /// A Python traceback.
    Python,
    /// A pytest failure report.
    Pytest,
    /// mypy, Python's type checker (`app.py:3: error: message  [code]`).
    Mypy,
    /// CMake configuring a build (`CMake Error at CMakeLists.txt:5 (...)`).
    Cmake,
    /// Any other tool printing `path:line:col: error: message`.
    Generic,
}

impl Tool {
    /// Every tool, in a fixed order.
    pub const ALL: [Tool; 16] = [
        Tool::Rustc,
        Tool::Gcc,
        Tool::Clang,
        Tool::Csharp,
        Tool::Msbuild,
        Tool::Javac,
        Tool::Maven,
        Tool::Kotlin,
        Tool::Java,
        Tool::Tsc,
        Tool::Go,
        Tool::Python,
        Tool::Pytest,
        Tool::Mypy,
        Tool::Cmake,
        Tool::Generic,
    ];

    /// The lowercase name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Rustc => "rustc",
            Tool::Gcc => "gcc",
            Tool::Clang => "clang",
            Tool::Csharp => "csharp",
            Tool::Msbuild => "msbuild",
            Tool::Javac => "javac",
            Tool::Maven => "maven",
            Tool::Kotlin => "kotlin",
            Tool::Java => "java",
            Tool::Tsc => "tsc",
            Tool::Go => "go",
            Tool::Python => "python",
            Tool::Pytest => "pytest",
            Tool::Mypy => "mypy",
            Tool::Cmake => "cmake",
            Tool::Generic => "generic",
        }
    }
}

impl fmt::Display for Tool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error of parsing an unknown tool name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownTool(pub String);

impl fmt::Display for UnknownTool {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Tool::ALL.iter().map(|t| t.name()).collect();
        write!(f, "unknown tool `{}` (expected one of: {})", self.0, names.join(", "))
    }
}

impl std::error::Error for UnknownTool {}

impl FromStr for Tool {
    type Err = UnknownTool;

    fn from_str(s: &str) -> Result<Tool, UnknownTool> {
        let lower = s.to_ascii_lowercase();
        let alias = match lower.as_str() {
            "cargo" => "rustc",
            "g++" | "gxx" => "gcc",
            "clang++" => "clang",
            "csc" | "mcs" | "dotnet" | "cs" => "csharp",
            "gradle" => "javac",
            "mvn" => "maven",
            "typescript" => "tsc",
            "golang" => "go",
            "python3" => "python",
            other => other,
        };
        Tool::ALL
            .into_iter()
            .find(|t| t.name() == alias)
            .ok_or(UnknownTool(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_aliases_resolve() {
        for tool in Tool::ALL {
            assert_eq!(tool.name().parse::<Tool>(), Ok(tool));
        }
        assert_eq!("cargo".parse::<Tool>(), Ok(Tool::Rustc));
        assert_eq!("MCS".parse::<Tool>(), Ok(Tool::Csharp));
        let err = "fortran".parse::<Tool>().unwrap_err();
        assert!(err.to_string().contains("unknown tool `fortran`"));
    }
}
