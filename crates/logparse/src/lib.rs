//! Finds every diagnostic in a build log, fast, whatever printed it.
//!
//! `buildfix-logparse` reads the output of cargo/rustc (human and JSON),
//! gcc and clang (with fix-its and gcc's JSON), MSBuild/dotnet/csc/mcs,
//! javac, Maven, Gradle and Kotlin, tsc, go, Python tracebacks and pytest,
//! and a generic `path:line:col: error:` shape. Detection is per record, so
//! a log mixing toolchains parses fully. It does not fix, cluster or render:
//! it turns bytes into [`Diagnostic`]s.
//!
//! - [`Parser`]: built once with [`ParserBuilder`], immutable, `Send + Sync`.
//! - [`Analysis`]: the distinct diagnostics in log order, duplicates counted,
//!   with a [`Summary`] and the totals each tool printed about itself.
//!
//! A literal prefilter runs over the whole buffer and only candidate lines
//! are parsed, so throughput is close to a memory scan. Files are mapped,
//! streams go through a bounded buffer, and large inputs are parsed in
//! parallel chunks whose result is identical to one sequential pass. A
//! build's stdout and stderr are parsed at once, each as it arrives, and
//! joined as one log ([`Parser::parse_pair`]).
//!
//! # Example
//!
//! ```
//! use buildfix_logparse::Parser;
//!
//! let log = b"src/app.ts(7,23): error TS2339: Property 'nmae' does not exist on type 'User'.\n";
//! let analysis = Parser::new().parse_bytes(log);
//! let d = &analysis.diagnostics()[0];
//! assert_eq!(d.code(), Some("TS2339"));
//! assert_eq!(d.primary().unwrap().line(), 7);
//! assert_eq!(analysis.summary().errors, 1);
//! ```
//!
//! [`Diagnostic`]: buildfix_core::Diagnostic
#![deny(missing_docs)]

mod analysis;
mod ansi;
mod decode;
mod formats;
mod line;
mod parallel;
mod scan;
mod source;
mod stream;

pub use analysis::Analysis;
pub use buildfix_core::{ReportedTotals, Summary};
pub use source::{Error, LogSource};

use analysis::Collector;
use buildfix_core::Tool;
use formats::Format;
use scan::Scanner;
use std::io::Read;
use std::sync::{Arc, OnceLock};

/// Configures a [`Parser`].
#[derive(Clone, Debug)]
pub struct ParserBuilder {
    tool: Option<Tool>,
    jobs: usize,
    max_line: usize,
    chunk_size: usize,
    stream_buffer: usize,
    progress: Option<ProgressHook>,
}

/// Told the bytes of the log parsed so far, as the parse goes (after each
/// chunk of a mapped file, each buffer of a stream): what a progress bar
/// needs.
#[derive(Clone)]
pub struct ProgressHook(pub Arc<dyn Fn(u64) + Send + Sync>);

impl std::fmt::Debug for ProgressHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ProgressHook")
    }
}

impl Default for ParserBuilder {
    fn default() -> ParserBuilder {
        ParserBuilder {
            tool: None,
            jobs: 0,
            max_line: 16 << 20,
            chunk_size: 8 << 20,
            stream_buffer: 8 << 20,
            progress: None,
        }
    }
}

impl ParserBuilder {
    /// The defaults: every format, one job per core, 16 MiB line cap.
    pub fn new() -> ParserBuilder {
        ParserBuilder::default()
    }

    /// Reads only the formats of `tool` (`--tool`), instead of detecting
    /// the format of each record.
    pub fn tool(mut self, tool: Option<Tool>) -> ParserBuilder {
        self.tool = tool;
        self
    }

    /// Parses with `jobs` threads; 0 means one per core.
    pub fn jobs(mut self, jobs: usize) -> ParserBuilder {
        self.jobs = jobs;
        self
    }

    /// Keeps at most `bytes` of one line; a longer line ends any record and
    /// its diagnostic is marked truncated.
    pub fn max_line(mut self, bytes: usize) -> ParserBuilder {
        self.max_line = bytes.max(1);
        self
    }

    /// Cuts in-memory logs into chunks of about `bytes` for parallel parsing.
    pub fn chunk_size(mut self, bytes: usize) -> ParserBuilder {
        self.chunk_size = bytes.max(1);
        self
    }

    /// Reads streams `bytes` at a time.
    pub fn stream_buffer(mut self, bytes: usize) -> ParserBuilder {
        self.stream_buffer = bytes.max(1);
        self
    }

    /// Calls `hook` with the bytes parsed so far as the parse goes.
    pub fn progress(mut self, hook: Option<ProgressHook>) -> ParserBuilder {
        self.progress = hook;
        self
    }

    /// Builds the parser. Its threads start when it first parses a log in
    /// memory (streams need none).
    pub fn build(self) -> Parser {
        let formats = match self.tool {
            Some(tool) => Format::for_tool(tool),
            None => Format::ALL.to_vec(),
        };
        Parser {
            scanner: Arc::new(Scanner::new(formats, self.max_line)),
            pool: Arc::new(OnceLock::new()),
            config: self,
        }
    }
}

/// Parses logs. Cheap to clone; share one across threads.
#[derive(Clone)]
pub struct Parser {
    scanner: Arc<Scanner>,
    pool: Arc<OnceLock<rayon::ThreadPool>>,
    config: ParserBuilder,
}

impl Default for Parser {
    fn default() -> Parser {
        Parser::new()
    }
}

impl Parser {
    /// A parser with the defaults of [`ParserBuilder::new`].
    pub fn new() -> Parser {
        ParserBuilder::new().build()
    }

    /// Parses a whole log held in memory, in parallel chunks.
    ///
    /// # Panics
    ///
    /// When the parser's threads cannot be started.
    pub fn parse_bytes(&self, log: &[u8]) -> Analysis {
        let mut collector = Collector::new(self.config.progress.clone());
        let pool = self.pool.get_or_init(|| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(self.config.jobs)
                .thread_name(|i| format!("buildfix-parse-{i}"))
                .build()
                .expect("a thread pool can be created")
        });
        let in_flight = pool.current_num_threads() * 2;
        pool.install(|| {
            parallel::parse_slice(&self.scanner, log, self.config.chunk_size, in_flight, &mut collector);
        });
        collector.finish()
    }

    /// Parses a stream through a bounded buffer.
    ///
    /// # Errors
    ///
    /// When reading fails; what was read before is lost with the error.
    pub fn parse_reader(&self, reader: impl Read) -> std::io::Result<Analysis> {
        let mut collector = Collector::new(self.config.progress.clone());
        let limits = stream::StreamLimits {
            capacity: self.config.stream_buffer,
            max_line: self.config.max_line,
        };
        stream::parse_reader(&self.scanner, reader, &limits, &mut collector)?;
        Ok(collector.finish())
    }

    /// Parses two streams as one log, the second after the first (a
    /// build's stdout, then its stderr), scanning both as they arrive, each
    /// on its own thread through its own bounded buffer. The first should
    /// end at a line end. The second is collected on its own (repeats folded
    /// as they come, so memory follows its distinct diagnostics) and then
    /// folded in after the first: the result is what parsing the two joined
    /// gives.
    ///
    /// # Errors
    ///
    /// When reading either stream fails.
    pub fn parse_pair(&self, first: impl Read + Send, second: impl Read + Send) -> std::io::Result<Analysis> {
        let limits = stream::StreamLimits {
            capacity: self.config.stream_buffer,
            max_line: self.config.max_line,
        };
        let scanner = &*self.scanner;
        let mut collector = Collector::new(self.config.progress.clone());
        std::thread::scope(|s| {
            let later = s.spawn(|| {
                let mut later = Collector::default();
                stream::parse_reader(scanner, second, &limits, &mut later).map(|_| later)
            });
            let read = stream::parse_reader(scanner, first, &limits, &mut collector);
            let later = later.join().expect("the stream parser does not panic")?;
            read?;
            let offset = collector.bytes();
            collector.absorb(offset, later);
            Ok::<(), std::io::Error>(())
        })?;
        Ok(collector.finish())
    }

    /// Parses what `source` holds: a mapped file in parallel, a stream
    /// through the bounded buffer. A log in UTF-16 (marked so at its start)
    /// is transcoded to UTF-8 as it streams.
    ///
    /// # Errors
    ///
    /// When reading a stream fails.
    pub fn parse_source(&self, source: LogSource) -> Result<Analysis, Error> {
        match source {
            LogSource::Mapped { map, path } => match decode::Utf16::marked(&map) {
                None => Ok(self.parse_bytes(&map)),
                Some(order) => self
                    .parse_reader(decode::Utf16Reader::new(&map[2..], order))
                    .map_err(|source| Error::Read { path, source }),
            },
            LogSource::Stream { reader, name } => decode::utf8(reader)
                .and_then(|reader| self.parse_reader(reader))
                .map_err(|source| Error::Read { path: name, source }),
        }
    }
}
