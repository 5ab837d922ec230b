//! Shells that come from Debian's packages, fetched into wasmdiff's cache
//! by `wasmdiff setup` (`apt-get download`, then `dpkg-deb -x`; nothing is
//! installed on the system): JavaScriptCore's `jsc` and SpiderMonkey's
//! `js128`. Each engine file describes its shell with a [`DebShell`].
//!
//! A shell may come from another Debian release than the machine's
//! ([`DebShell::suite`]): its packages are then fetched with an apt
//! configuration of wasmdiff's own (package lists in the cache, the
//! machine's left alone), and it runs on that release's C library, started
//! through the unpacked dynamic loader.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use super::cache_dir;
use super::js_shell::Shell;
use crate::error::Error;
use crate::trap::TrapKind;

/// A shell program from Debian's packages.
pub(crate) struct DebShell {
    /// What to call it in messages (`JavaScriptCore`).
    pub name: &'static str,
    /// Its directory under wasmdiff's cache.
    pub dir: &'static str,
    /// The program's path inside the packages (`usr/bin/jsc`).
    pub binary: &'static str,
    /// The Debian release to fetch from (`trixie`), when not the
    /// machine's. The shell then runs on that release's C library, which
    /// must be among [`DebShell::dependencies`].
    pub suite: Option<&'static str>,
    /// The environment variable that names another shell.
    pub env_var: &'static str,
    /// The packages that hold the shell and its library; the first one's
    /// version is the engine's.
    pub packages: &'static [&'static str],
    /// Libraries a minimal Debian may lack, fetched too when the shell
    /// cannot find them (always, for another release).
    pub dependencies: &'static [&'static str],
    /// The package version, once the shell was seen to run.
    pub found: OnceLock<String>,
}

impl DebShell {
    /// Where `wasmdiff setup` unpacks the packages.
    pub fn root(&self) -> PathBuf {
        cache_dir().join(self.dir)
    }

    /// Whether `wasmdiff setup` unpacked the shell.
    pub fn fetched(&self) -> bool {
        self.root().join(self.binary).exists()
    }

    /// The shell: the environment variable's, else the one `wasmdiff
    /// setup` unpacked (with its library directory, and through its own
    /// loader for another release), else the program's name on the `PATH`.
    pub fn program(&self) -> Launch {
        if let Some(p) = std::env::var_os(self.env_var) {
            return Launch::plain(p.into());
        }
        if self.fetched() {
            let lib = self.root().join("usr/lib/x86_64-linux-gnu");
            let binary = self.root().join(self.binary);
            if self.suite.is_some() {
                return Launch {
                    program: lib.join("ld-linux-x86-64.so.2"),
                    args: vec![
                        "--library-path".into(),
                        lib.display().to_string(),
                        binary.display().to_string(),
                    ],
                    env: Vec::new(),
                };
            }
            return Launch {
                program: binary,
                args: Vec::new(),
                env: vec![("LD_LIBRARY_PATH".into(), lib.display().to_string())],
            };
        }
        let name = Path::new(self.binary).file_name().unwrap_or_default();
        Launch::plain(name.into())
    }

    /// The shell as a JavaScript engine for [`super::js_shell`], with the
    /// configuration's `flags` after the launch's own arguments. Both Debian
    /// shells make every NaN positive and cannot cap memories themselves.
    pub fn shell(
        &self,
        flags: &[&str],
        prelude: &'static str,
        trap_kind: fn(&str) -> Option<TrapKind>,
    ) -> Shell {
        let launch = self.program();
        Shell {
            engine: self.name,
            program: launch.program,
            flags: launch
                .args
                .into_iter()
                .chain(flags.iter().map(|f| f.to_string()))
                .collect(),
            env: launch.env,
            prelude,
            trap_kind,
            host_rule: |_| None,
            keeps_nan_sign: false,
            applies_memory_cap: false,
        }
    }

    /// The package version, or why the shell cannot be used. A shell that
    /// runs is checked once; one that does not is checked again each time
    /// (`wasmdiff setup` may have fetched it since).
    pub fn status(&'static self) -> Result<&'static str, String> {
        if let Some(v) = self.found.get() {
            return Ok(v);
        }
        let Launch { program, args, env } = self.program();
        let out = Command::new(&program)
            .args(args)
            .args(["-e", "print('ok')"])
            .envs(env)
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .map_err(|e| {
                format!(
                    "cannot run `{}`: {e} (run `wasmdiff setup` to fetch it)",
                    program.display()
                )
            })?;
        if !out.status.success() || out.stdout != b"ok\n" {
            return Err(format!(
                "`{}` does not run: {} {} (run `wasmdiff setup` to fetch it again)",
                program.display(),
                out.status,
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        // The shells cannot say their version; the package can.
        let version = std::fs::read_to_string(self.root().join("VERSION"))
            .ok()
            .filter(|_| program.starts_with(self.root()))
            .or_else(|| dpkg_version(self.packages[0]))
            .unwrap_or_else(|| "(version unknown)".into());
        Ok(self.found.get_or_init(|| version.trim().to_string()))
    }

    /// Fetch the packages and unpack them into the cache.
    pub fn install(&self) -> Result<String, Error> {
        let root = self.root();
        let debs = root.join("debs");
        std::fs::create_dir_all(&debs).map_err(|e| Error::io(&debs, e))?;
        let apt = match self.suite {
            Some(suite) => private_apt(&root.join("apt"), suite)?,
            None => Vec::new(),
        };
        download(&apt, &debs, self.packages)?;
        unpack_all(&debs, &root)?;
        if self.suite.is_some() || missing_libraries(&root.join(self.binary), &root) {
            download(&apt, &debs, self.dependencies)?;
            unpack_all(&debs, &root)?;
        }
        let deb = find_deb(&debs, self.packages[0])?;
        let version = run(Command::new("dpkg-deb")
            .args(["-f"])
            .arg(&deb)
            .arg("Version"))?;
        let file = root.join("VERSION");
        std::fs::write(&file, &version).map_err(|e| Error::io(&file, e))?;
        Ok(format!(
            "{} {} unpacked into {}",
            self.name,
            version.trim(),
            root.display()
        ))
    }
}

/// How to start a shell.
pub(crate) struct Launch {
    pub program: PathBuf,
    /// Arguments before the shell's own.
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
}

impl Launch {
    fn plain(program: PathBuf) -> Launch {
        Launch {
            program,
            args: Vec::new(),
            env: Vec::new(),
        }
    }
}

/// An apt configuration of wasmdiff's own under `dir`, for Debian's
/// `suite` from deb.debian.org (signed with the keys of the machine's
/// `debian-archive-keyring`), as `apt-get` options; its package lists are
/// fetched here.
fn private_apt(dir: &Path, suite: &str) -> Result<Vec<String>, Error> {
    for sub in [
        "lists/partial",
        "cache/archives/partial",
        "sources.list.d",
        "preferences.d",
    ] {
        let d = dir.join(sub);
        std::fs::create_dir_all(&d).map_err(|e| Error::io(&d, e))?;
    }
    let sources = dir.join("sources.list");
    std::fs::write(
        &sources,
        format!("deb http://deb.debian.org/debian {suite} main\n"),
    )
    .map_err(|e| Error::io(&sources, e))?;
    let options: Vec<String> = [
        ("Dir::Etc::SourceList", sources.clone()),
        ("Dir::Etc::SourceParts", dir.join("sources.list.d")),
        ("Dir::Etc::Preferences", dir.join("preferences")),
        ("Dir::Etc::PreferencesParts", dir.join("preferences.d")),
        ("Dir::State::Lists", dir.join("lists")),
        ("Dir::Cache", dir.join("cache")),
        ("Dir::State::status", PathBuf::from("/dev/null")),
    ]
    .iter()
    .flat_map(|(k, v)| ["-o".to_string(), format!("{k}={}", v.display())])
    .collect();
    run(Command::new("apt-get")
        .args(&options)
        .args(["update", "-qq"]))
    .map_err(|e| e.context(format!("fetching Debian {suite}'s package lists")))?;
    Ok(options)
}

/// The installed version of a Debian package.
fn dpkg_version(package: &str) -> Option<String> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", package])
        .stderr(Stdio::null())
        .output()
        .ok()?;
    (out.status.success() && !out.stdout.is_empty())
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// `apt-get download` the packages into `dir` (with the `apt` options),
/// refreshing the package lists once if they do not know them (a fresh
/// machine has none).
fn download(apt: &[String], dir: &Path, packages: &[&str]) -> Result<(), Error> {
    let apt_get = |e| Error::Process {
        what: "cannot run apt-get".into(),
        source: e,
    };
    let fetch = || {
        Command::new("apt-get")
            .args(apt)
            .arg("download")
            .args(packages)
            .current_dir(dir)
            .output()
    };
    let out = fetch().map_err(apt_get)?;
    if out.status.success() {
        return Ok(());
    }
    let update = Command::new("apt-get")
        .args(apt)
        .args(["update", "-qq"])
        .output()
        .map_err(apt_get)?;
    let out = fetch().map_err(apt_get)?;
    if out.status.success() {
        return Ok(());
    }
    Err(Error::protocol(
        format!("apt-get download {}", packages.join(" ")),
        format!(
            "failed: {}{}",
            String::from_utf8_lossy(&out.stderr).trim(),
            if update.status.success() {
                String::new()
            } else {
                format!(
                    " (apt-get update: {})",
                    String::from_utf8_lossy(&update.stderr).trim()
                )
            }
        ),
    ))
}

fn find_deb(dir: &Path, package: &str) -> Result<PathBuf, Error> {
    let prefix = format!("{package}_");
    std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".deb"))
        })
        .ok_or_else(|| Error::file(dir, format!("no {package} package")))
}

fn unpack_all(debs: &Path, root: &Path) -> Result<(), Error> {
    for entry in std::fs::read_dir(debs).map_err(|e| Error::io(debs, e))? {
        let deb = entry.map_err(|e| Error::io(debs, e))?.path();
        if deb.extension().is_some_and(|e| e == "deb") {
            run(Command::new("dpkg-deb").arg("-x").arg(&deb).arg(root))?;
        }
    }
    Ok(())
}

/// Whether the unpacked shell lacks a shared library.
fn missing_libraries(shell: &Path, root: &Path) -> bool {
    let lib = root.join("usr/lib/x86_64-linux-gnu");
    Command::new("ldd")
        .arg(shell)
        .env("LD_LIBRARY_PATH", &lib)
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).contains("not found"))
        .unwrap_or(true)
}

fn run(command: &mut Command) -> Result<String, Error> {
    let out = command.output().map_err(|e| Error::Process {
        what: format!("cannot run {command:?}"),
        source: e,
    })?;
    if !out.status.success() {
        return Err(Error::protocol(
            format!("{command:?}"),
            format!("failed: {}", String::from_utf8_lossy(&out.stderr).trim()),
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}
