//! An output folder written all-or-nothing: files go to a hidden temporary
//! sibling, which replaces the target only when everything is written.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

pub struct AtomicDir {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
}

impl AtomicDir {
    /// Creates the temporary sibling now, so an unwritable destination fails before any work.
    pub fn create(target: &Path) -> Result<Self> {
        let name = target
            .file_name()
            .with_context(|| format!("output folder {} has no name", target.display()))?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let temp = parent.join(format!(
            ".{}.tmp-{}",
            name.to_string_lossy(),
            std::process::id()
        ));
        if temp.exists() {
            std::fs::remove_dir_all(&temp)
                .with_context(|| format!("cannot clear {}", temp.display()))?;
        }
        std::fs::create_dir(&temp)
            .with_context(|| format!("cannot create the output folder {}", temp.display()))?;
        Ok(AtomicDir {
            target: target.to_path_buf(),
            temp,
            committed: false,
        })
    }

    /// Where to write files until commit.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Replaces the target with the finished folder.
    pub fn commit(mut self) -> Result<PathBuf> {
        let old = self.temp.with_extension("old");
        if self.target.exists() {
            std::fs::rename(&self.target, &old).with_context(|| {
                format!("cannot move the previous {} aside", self.target.display())
            })?;
        }
        std::fs::rename(&self.temp, &self.target).with_context(|| {
            format!(
                "cannot rename {} to {}",
                self.temp.display(),
                self.target.display()
            )
        })?;
        if old.exists() {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        self.committed = true;
        Ok(self.target.clone())
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_appears_until_commit_and_failure_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        {
            let d = AtomicDir::create(&target).unwrap();
            std::fs::write(d.path().join("a.csv"), "x").unwrap();
            assert!(!target.exists());
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
        let d = AtomicDir::create(&target).unwrap();
        std::fs::write(d.path().join("a.csv"), "x").unwrap();
        d.commit().unwrap();
        let d = AtomicDir::create(&target).unwrap();
        std::fs::write(d.path().join("b.csv"), "y").unwrap();
        d.commit().unwrap();
        assert!(!target.join("a.csv").exists() && target.join("b.csv").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
