//! The WASI host's file system: an in-memory copy of the preopened
//! directories, so that a program's writes never reach the user's files
//! and every engine starts from the same bytes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::Error;

use super::errno::{self, Errno};

/// A directory tree's contents: files by name, with their bytes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tree {
    /// The entries, by name.
    pub entries: BTreeMap<String, Entry>,
}

/// One entry of a [`Tree`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Entry {
    /// A regular file and its bytes.
    File(#[serde(with = "crate::encoding::text_or_base64")] Vec<u8>),
    /// A directory.
    Dir(Tree),
}

/// The deepest directory nesting: what [`Tree::load`] follows (symbolic
/// links to a parent would otherwise never end), and what a program may
/// create (deeper trees would exhaust the stack of the code that walks
/// them).
pub(super) const MAX_DEPTH: usize = 64;

/// Whether `name` can name an entry: not empty, `.` or `..`, without `/`
/// or NUL (a name from a repro file could otherwise point outside the
/// directory it is written to).
pub(super) fn valid_name(name: &str) -> bool {
    !matches!(name, "" | "." | "..") && !name.contains(['/', '\0'])
}

impl Tree {
    /// Read a host directory, following symbolic links; other special
    /// files (sockets, devices) are left out. The error names the path.
    pub fn load(dir: &Path) -> Result<Tree, Error> {
        Tree::load_at(dir, 0)
    }

    fn load_at(dir: &Path, depth: usize) -> Result<Tree, Error> {
        if depth > MAX_DEPTH {
            return Err(Error::file(
                dir,
                format!("nested more than {MAX_DEPTH} directories deep (a symbolic link loop?)"),
            ));
        }
        let read = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
        let mut tree = Tree::default();
        for entry in read {
            let entry = entry.map_err(|e| Error::io(dir, e))?;
            let path = entry.path();
            let Ok(name) = entry.file_name().into_string() else {
                return Err(Error::file(&path, "a name that is not UTF-8"));
            };
            let meta = std::fs::metadata(&path).map_err(|e| Error::io(&path, e))?;
            if meta.is_dir() {
                tree.entries
                    .insert(name, Entry::Dir(Tree::load_at(&path, depth + 1)?));
            } else if meta.is_file() {
                let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
                tree.entries.insert(name, Entry::File(bytes));
            }
        }
        Ok(tree)
    }

    /// Write the tree under `dir` (created if missing). A name that is not
    /// a plain file name is refused.
    pub fn store(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        for (name, e) in &self.entries {
            if !valid_name(name) {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidInput,
                    format!("{}: not a file name: {name:?}", dir.display()),
                ));
            }
            match e {
                Entry::File(bytes) => std::fs::write(dir.join(name), bytes)?,
                Entry::Dir(t) => t.store(&dir.join(name))?,
            }
        }
        Ok(())
    }

    /// Every file and directory under the tree, by its path from the
    /// tree's root (`a/b.txt`); directories with `None`.
    pub fn flatten(&self) -> BTreeMap<String, Option<&[u8]>> {
        let mut out = BTreeMap::new();
        self.flatten_into("", &mut out);
        out
    }

    fn flatten_into<'a>(&'a self, prefix: &str, out: &mut BTreeMap<String, Option<&'a [u8]>>) {
        for (name, e) in &self.entries {
            let path = format!("{prefix}{name}");
            match e {
                Entry::File(bytes) => {
                    out.insert(path, Some(bytes.as_slice()));
                }
                Entry::Dir(t) => {
                    out.insert(path.clone(), None);
                    t.flatten_into(&format!("{path}/"), out);
                }
            }
        }
    }
}

/// An inode.
pub(super) type NodeId = usize;

#[derive(Clone, Debug)]
pub(super) enum Node {
    File(Vec<u8>),
    Dir {
        /// Entries by name, each with its inode and its `fd_readdir`
        /// cookie: stable, and larger for each later entry, so that a
        /// listing resumed after entries were removed skips none.
        entries: BTreeMap<String, (NodeId, u64)>,
        /// The parent directory; a preopen's root is its own parent, and
        /// `..` there is refused.
        parent: NodeId,
        /// The next entry's cookie (1 and 2 are `.` and `..`).
        next_cookie: u64,
    },
}

/// A directory without entries.
fn empty_dir(parent: NodeId) -> Node {
    Node::Dir {
        entries: BTreeMap::new(),
        parent,
        next_cookie: 3,
    }
}

/// The live file system: nodes by inode number (a removed node is `None`).
#[derive(Clone, Debug, Default)]
pub(super) struct Fs {
    nodes: Vec<Option<Node>>,
}

impl Fs {
    /// Add a preopened tree; returns its root.
    pub(super) fn mount(&mut self, tree: &Tree) -> NodeId {
        let root = self.nodes.len();
        self.nodes.push(Some(empty_dir(root)));
        self.fill(root, tree, 0);
        root
    }

    fn fill(&mut self, dir: NodeId, tree: &Tree, depth: usize) {
        for (name, e) in &tree.entries {
            // Names that cannot be names, and trees deeper than a program
            // could make, are left out.
            if !valid_name(name) || (depth >= MAX_DEPTH && matches!(e, Entry::Dir(_))) {
                continue;
            }
            let id = match e {
                Entry::File(bytes) => self.add(Node::File(bytes.clone())),
                Entry::Dir(t) => {
                    let id = self.add(empty_dir(dir));
                    self.fill(id, t, depth + 1);
                    id
                }
            };
            self.link(dir, name, id);
        }
    }

    /// Enter `id` in `dir` as `name`, with the directory's next cookie.
    fn link(&mut self, dir: NodeId, name: &str, id: NodeId) {
        if let Some(Node::Dir {
            entries,
            next_cookie,
            ..
        }) = self.node_mut(dir)
        {
            entries.insert(name.to_string(), (id, *next_cookie));
            *next_cookie += 1;
        }
    }

    /// A directory's parent and entries in cookie order: cookie, name,
    /// inode (`.` and `..` first, as 1 and 2).
    pub(super) fn list(&self, dir: NodeId) -> Option<Vec<(u64, String, NodeId)>> {
        let Some(Node::Dir {
            entries, parent, ..
        }) = self.node(dir)
        else {
            return None;
        };
        let mut out = vec![(1, ".".to_string(), dir), (2, "..".to_string(), *parent)];
        let mut rest: Vec<_> = entries
            .iter()
            .map(|(n, (id, c))| (*c, n.clone(), *id))
            .collect();
        rest.sort();
        out.extend(rest);
        Some(out)
    }

    /// How many directories lie above `dir` up to its preopen's root.
    fn depth(&self, mut dir: NodeId) -> usize {
        let mut n = 0;
        while let Some(Node::Dir { parent, .. }) = self.node(dir) {
            if *parent == dir || n > MAX_DEPTH * 4 {
                break;
            }
            dir = *parent;
            n += 1;
        }
        n
    }

    /// How many directory levels `id` holds (0 for a file or an empty
    /// directory), counting no further than `limit`.
    fn height(&self, id: NodeId, limit: usize) -> usize {
        match self.node(id) {
            Some(Node::Dir { entries, .. }) if limit > 0 => entries
                .values()
                .filter(|(e, _)| self.is_dir(*e))
                .map(|(e, _)| 1 + self.height(*e, limit - 1))
                .max()
                .unwrap_or(0),
            _ => 0,
        }
    }

    fn add(&mut self, node: Node) -> NodeId {
        self.nodes.push(Some(node));
        self.nodes.len() - 1
    }

    /// The tree under a directory, as it is now.
    pub(super) fn tree(&self, dir: NodeId) -> Tree {
        let mut t = Tree::default();
        if let Some(Node::Dir { entries, .. }) = self.node(dir) {
            for (name, &(id, _)) in entries {
                let e = match self.node(id) {
                    Some(Node::File(bytes)) => Entry::File(bytes.clone()),
                    Some(Node::Dir { .. }) => Entry::Dir(self.tree(id)),
                    None => continue,
                };
                t.entries.insert(name.clone(), e);
            }
        }
        t
    }

    pub(super) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id).and_then(Option::as_ref)
    }

    pub(super) fn node_mut(&mut self, id: NodeId) -> Option<&mut Node> {
        self.nodes.get_mut(id).and_then(Option::as_mut)
    }

    pub(super) fn is_dir(&self, id: NodeId) -> bool {
        matches!(self.node(id), Some(Node::Dir { .. }))
    }

    /// The directory that holds the last component of `path` (relative to
    /// `dir`), and that component (`.` when the path names `dir` or a
    /// directory reached by `..`).
    pub(super) fn parent_of(&self, dir: NodeId, path: &str) -> Result<(NodeId, String), Errno> {
        if path.is_empty() {
            return Err(errno::NOENT);
        }
        if path.starts_with('/') {
            return Err(errno::NOTCAPABLE);
        }
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let Some((last, walk)) = parts.split_last() else {
            return Ok((dir, ".".into()));
        };
        let mut at = dir;
        for part in walk {
            at = self.step(at, part)?;
        }
        Ok((at, (*last).to_string()))
    }

    /// One path component from a directory.
    fn step(&self, dir: NodeId, part: &str) -> Result<NodeId, Errno> {
        let Some(Node::Dir {
            entries, parent, ..
        }) = self.node(dir)
        else {
            return Err(errno::NOTDIR);
        };
        match part {
            "." => Ok(dir),
            ".." if *parent == dir => Err(errno::NOTCAPABLE),
            ".." => Ok(*parent),
            name => entries.get(name).map(|(id, _)| *id).ok_or(errno::NOENT),
        }
    }

    /// The node `path` names, relative to `dir`.
    pub(super) fn lookup(&self, dir: NodeId, path: &str) -> Result<NodeId, Errno> {
        let (parent, last) = self.parent_of(dir, path)?;
        let id = self.step(parent, &last)?;
        if path.ends_with('/') && !self.is_dir(id) {
            return Err(errno::NOTDIR);
        }
        Ok(id)
    }

    /// Create a file or directory named `name` in `dir`.
    pub(super) fn create(
        &mut self,
        dir: NodeId,
        name: &str,
        directory: bool,
    ) -> Result<NodeId, Errno> {
        if name == "." || name == ".." {
            return Err(errno::EXIST);
        }
        match self.node(dir) {
            Some(Node::Dir { entries, .. }) if entries.contains_key(name) => {
                return Err(errno::EXIST);
            }
            Some(Node::Dir { .. }) => {}
            _ => return Err(errno::NOTDIR),
        }
        if !valid_name(name) {
            return Err(errno::INVAL);
        }
        if directory && self.depth(dir) >= MAX_DEPTH {
            return Err(errno::NAMETOOLONG);
        }
        let node = if directory {
            empty_dir(dir)
        } else {
            Node::File(Vec::new())
        };
        let id = self.add(node);
        self.link(dir, name, id);
        Ok(id)
    }

    /// Remove the entry `name` of `dir`: a file (`directory` false) or an
    /// empty directory.
    pub(super) fn remove(&mut self, dir: NodeId, name: &str, directory: bool) -> Result<(), Errno> {
        let id = self.step(dir, name)?;
        match (self.node(id), directory) {
            (Some(Node::Dir { .. }), false) => return Err(errno::ISDIR),
            (Some(Node::File(_)), true) => return Err(errno::NOTDIR),
            (Some(Node::Dir { entries, .. }), true) if !entries.is_empty() => {
                return Err(errno::NOTEMPTY);
            }
            _ => {}
        }
        if name == "." || name == ".." {
            return Err(errno::INVAL);
        }
        if let Some(Node::Dir { entries, .. }) = self.node_mut(dir) {
            entries.remove(name);
        }
        // Open descriptors keep the node alive (as a file unlinked on
        // POSIX); it is no longer reachable by name.
        Ok(())
    }

    /// Move `from_dir/from` to `to_dir/to`, replacing a file or an empty
    /// directory there.
    pub(super) fn rename(
        &mut self,
        from_dir: NodeId,
        from: &str,
        to_dir: NodeId,
        to: &str,
    ) -> Result<(), Errno> {
        if [from, to].iter().any(|n| *n == "." || *n == "..") {
            return Err(errno::INVAL);
        }
        let id = self.step(from_dir, from)?;
        if !self.is_dir(to_dir) {
            return Err(errno::NOTDIR);
        }
        if !valid_name(to) {
            return Err(errno::INVAL);
        }
        if self.is_dir(id) && self.depth(to_dir) + 1 + self.height(id, MAX_DEPTH + 1) > MAX_DEPTH {
            return Err(errno::NAMETOOLONG);
        }
        // A directory cannot move into itself.
        let mut at = to_dir;
        loop {
            if at == id {
                return Err(errno::INVAL);
            }
            match self.node(at) {
                Some(Node::Dir { parent, .. }) if *parent != at => at = *parent,
                _ => break,
            }
        }
        if let Ok(existing) = self.step(to_dir, to) {
            if existing == id {
                return Ok(());
            }
            match (self.node(existing), self.is_dir(id)) {
                (Some(Node::Dir { .. }), false) => return Err(errno::ISDIR),
                (Some(Node::File(_)), true) => return Err(errno::NOTDIR),
                (Some(Node::Dir { entries, .. }), true) if !entries.is_empty() => {
                    return Err(errno::NOTEMPTY);
                }
                _ => {}
            }
        }
        if let Some(Node::Dir { entries, .. }) = self.node_mut(from_dir) {
            entries.remove(from);
        }
        if let Some(Node::Dir { entries, .. }) = self.node_mut(to_dir) {
            entries.remove(to);
        }
        self.link(to_dir, to, id);
        if let Some(Node::Dir { parent, .. }) = self.node_mut(id) {
            *parent = to_dir;
        }
        Ok(())
    }
}
