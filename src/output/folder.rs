//! An output folder written all-or-nothing: files go to a hidden temporary
//! sibling, which replaces the target only when everything is written.
//! Temporary folders not yet committed are listed, so that an interrupted
//! process can remove them ([`remove_unfinished`]) before it exits.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result, bail};

use super::manifest::{MANIFEST, written_by_ruralcare};

/// Temporary folders created and not yet committed or dropped, each with the
/// folders above its target that were made for it.
static UNFINISHED: Mutex<Vec<Unfinished>> = Mutex::new(Vec::new());

struct Unfinished {
    temp: PathBuf,
    /// Deepest first, as [`AtomicDir`] keeps them.
    made: Vec<PathBuf>,
}

fn unfinished() -> std::sync::MutexGuard<'static, Vec<Unfinished>> {
    // A panic elsewhere while the list was held leaves it usable.
    UNFINISHED.lock().unwrap_or_else(|e| e.into_inner())
}

/// Set once the process is interrupted, before its unfinished folders go.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Folders this process has put in place whole (committed).
static FINISHED: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The folders this process has put in place whole: after an interrupt,
/// what it leaves (see [`remove_unfinished`], which waits for a commit under way).
pub fn finished() -> Vec<PathBuf> {
    FINISHED.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

/// Marks the process as interrupted, then removes every temporary folder not
/// yet committed: for a process that is interrupted (its destructors do not
/// run), just before it exits. Returns how many there were.
pub fn remove_unfinished() -> usize {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let mut list = unfinished();
    for u in list.iter() {
        remove(&u.temp);
        remove_made(&u.made);
    }
    std::mem::take(&mut *list).len()
}

/// Removes the folders made above a target that never came, deepest first,
/// each only while empty: whatever else is there now stays.
fn remove_made(made: &[PathBuf]) {
    for p in made {
        if std::fs::remove_dir(p).is_err() {
            break;
        }
    }
}

/// `path` made absolute with its `.` and `..` resolved: through the file system
/// (symbolic links followed) as far as it exists, by name beyond.
pub fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut beyond = Vec::new();
    let mut at = absolute.as_path();
    let mut whole = loop {
        if let Ok(real) = at.canonicalize() {
            break real;
        }
        match (at.parent(), at.components().next_back()) {
            (Some(parent), Some(last)) => {
                beyond.push(last);
                at = parent;
            }
            _ => break at.to_path_buf(),
        }
    };
    for c in beyond.into_iter().rev() {
        match c {
            Component::ParentDir => {
                whole.pop();
            }
            Component::CurDir => {}
            c => whole.push(c),
        }
    }
    whole
}

/// A folder path as written (`out/.` is `out`), made whole ([`resolved`]) when
/// it ends in no name (`.`, `..`), so that it has a name and a parent, or
/// passes through `..`. A link
/// to a folder names the folder it leads to: the run replaces that folder,
/// beside which its temporary folder is made, and the link stays.
fn named(path: &Path) -> PathBuf {
    let written: PathBuf = path.components().collect();
    let link = std::fs::symlink_metadata(&written).is_ok_and(|m| m.file_type().is_symlink());
    if let Some(folder) = link
        .then(|| std::fs::canonicalize(&written).ok())
        .flatten()
        .filter(|real| real.is_dir())
    {
        folder
    } else if written.file_name().is_some()
        && !written.components().any(|c| c == Component::ParentDir)
    {
        written
    } else {
        // Resolved too through `..`: `p/../p` names `p`, whose parent is not
        // `p/..` once `p` is moved aside at the commit.
        resolved(&written)
    }
}

/// The folders that making `parent` creates, deepest first: each of its
/// prefixes, `..` resolved, that does not exist yet (`a/b/..` makes `a/b` and `a`).
fn to_make(parent: &Path) -> Vec<PathBuf> {
    let mut made: Vec<PathBuf> = Vec::new();
    let mut prefix = PathBuf::new();
    for c in parent.components() {
        prefix.push(c);
        let folder = resolved(&prefix);
        if !folder.exists() && !made.contains(&folder) {
            made.push(folder);
        }
    }
    made.reverse();
    made
}

/// What [`open_regular`] says of a path that is not a regular file.
pub const NOT_REGULAR: &str = "not a regular file (a folder, device, pipe or socket)";

/// Opens `path` for reading if it is a regular file (links followed): a pipe
/// would wait for a writer forever, and a device may never end.
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            NOT_REGULAR,
        ));
    }
    std::fs::File::open(path)
}

/// The whole of the regular file `path` ([`open_regular`]).
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut open_regular(path)?, &mut bytes)?;
    Ok(bytes)
}

/// The whole of the regular file `path` as text ([`open_regular`]).
pub fn read_regular_text(path: &Path) -> std::io::Result<String> {
    let mut text = String::new();
    std::io::Read::read_to_string(&mut open_regular(path)?, &mut text)?;
    Ok(text)
}

/// The process has been interrupted: a failure to write from then on may
/// be the removal's doing, and is the interrupt's to report.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Removes a temporary folder, renamed first: a file that the process is
/// still writing cannot then be created in it after the removal listed it.
fn remove(temp: &Path) {
    let doomed = suffixed(temp, ".removing");
    let gone = if std::fs::rename(temp, &doomed).is_ok() {
        doomed.as_path()
    } else {
        temp
    };
    let _ = std::fs::remove_dir_all(gone);
}

/// `path` with `suffix` added to its file name.
fn suffixed(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

fn forget(temp: &Path) {
    unfinished().retain(|u| u.temp != temp);
}

pub struct AtomicDir {
    target: PathBuf,
    temp: PathBuf,
    committed: bool,
    /// Folders above the target that did not exist before, deepest first.
    made: Vec<PathBuf>,
}

impl AtomicDir {
    /// Creates the temporary sibling now, so an unwritable destination fails
    /// before any work. A target that exists must be one the commit may
    /// replace (see [`check_replaceable`]).
    pub fn create(target: &Path) -> Result<Self> {
        let target = &named(target);
        check_place(target)?;
        check_replaceable(target)?;
        let name = target
            .file_name()
            .with_context(|| format!("output folder {} has no name", target.display()))?;
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // The folders this creates above the target, so that a failure
        // removes them again (see `Drop`).
        let made = to_make(parent);
        let dir = AtomicDir {
            target: target.to_path_buf(),
            temp: parent.join(format!(
                "{}{}",
                temp_prefix(&name.to_string_lossy()),
                std::process::id()
            )),
            committed: false,
            made,
        };
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
        let temp = &dir.temp;
        if temp.exists() {
            std::fs::remove_dir_all(temp)
                .with_context(|| format!("cannot clear {}", temp.display()))?;
        }
        remove_stale(parent, &name.to_string_lossy());
        // Created and listed under the list's lock, so that an interrupt
        // meanwhile waits and then finds it listed; none once interrupted.
        let mut list = unfinished();
        if interrupted() {
            bail!("interrupted");
        }
        std::fs::create_dir(temp).with_context(|| {
            format!(
                "cannot create the output folder {} (first as {}, renamed when complete)",
                dir.target.display(),
                temp.display()
            )
        })?;
        list.push(Unfinished {
            temp: temp.clone(),
            made: dir.made.clone(),
        });
        drop(list);
        Ok(dir)
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
        // The list is held throughout, so an interrupt waits until the new
        // folder is in place, or the earlier one back, before it removes anything.
        let mut list = unfinished();
        // Checked again: something may have appeared at the target during
        // the run, which the commit must not replace.
        check_replaceable(&self.target)?;
        // Named after the temporary folder, so it is this process's own.
        let old = suffixed(&self.temp, ".old");
        let replacing = self.target.exists();
        if replacing {
            std::fs::rename(&self.target, &old).with_context(|| {
                format!("cannot move the previous {} aside", self.target.display())
            })?;
        }
        if let Err(e) = std::fs::rename(&self.temp, &self.target) {
            if replacing {
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e).with_context(|| {
                format!(
                    "cannot rename {} to {}",
                    self.temp.display(),
                    self.target.display()
                )
            });
        }
        self.committed = true;
        list.retain(|u| u.temp != self.temp);
        FINISHED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(self.target.clone());
        if replacing {
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(self.target.clone())
    }
}

/// The start of the name of a temporary sibling of output folder `name`,
/// which the writing process's number completes (`.NAME.tmp-PID`).
fn temp_prefix(name: &str) -> String {
    format!(".{name}.tmp-")
}

/// Removes the temporary siblings of `name` (`.NAME.tmp-PID`, and its
/// `.removing` form) left by processes that no longer run: killed outright, or
/// out of memory, their own removal never ran. A `.old` form stays: it may be
/// the only copy of an earlier output, if its process died between the two
/// renames of a commit. Where the system does not list its processes under
/// `/proc`, they all stay; a process of another system sharing the folder
/// would look gone (not supported).
fn remove_stale(parent: &Path, name: &str) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let prefix = temp_prefix(name);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name();
        let Some((pid, form)) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .map(|rest| rest.split_once('.').unwrap_or((rest, "")))
        else {
            continue;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            continue;
        };
        if !matches!(form, "" | "removing") {
            continue;
        }
        if pid != std::process::id() && !Path::new(&format!("/proc/{pid}")).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The folders above the target must be folders (or not yet exist), and none
/// an output folder of ruralcare: writing that one again would replace it,
/// and this folder with it. An output folder already there (one `plot`
/// redraws) may stay where it is.
fn check_place(target: &Path) -> Result<()> {
    let whole = resolved(target);
    let placed = written_by_ruralcare(&whole);
    for above in whole.ancestors().skip(1) {
        match std::fs::metadata(above) {
            Ok(m) if !m.is_dir() => bail!(
                "{} is inside {}, which is not a folder; choose another output folder (--out)",
                target.display(),
                above.display()
            ),
            Ok(_) if !placed && written_by_ruralcare(above) => bail!(
                "{} is inside the output folder {}, which a run writing it again would replace \
                 with all it holds; choose an output folder outside it (--out)",
                target.display(),
                above.display()
            ),
            _ => {}
        }
    }
    Ok(())
}

/// The commit replaces an existing target wholesale, so it must be an
/// earlier output folder (its [`MANIFEST`] is one ruralcare writes) or empty:
/// never a file, nor a folder of other things that `--out` named by mistake.
fn check_replaceable(target: &Path) -> Result<()> {
    let Ok(meta) = std::fs::metadata(target) else {
        if std::fs::symlink_metadata(target).is_ok() {
            bail!(
                "{} is a link that leads nowhere; choose another output folder (--out)",
                target.display()
            );
        }
        return Ok(());
    };
    if !meta.is_dir() {
        bail!(
            "{} exists and is not a folder; choose another output folder (--out)",
            target.display()
        );
    }
    let earlier_output = written_by_ruralcare(target);
    let empty = std::fs::read_dir(target)
        .with_context(|| format!("cannot read {}", target.display()))?
        .next()
        .is_none();
    if !(earlier_output || empty) {
        bail!(
            "{} exists and is not an output folder of ruralcare (it has no {MANIFEST} \
             with a [run] table naming the command and version); \
             the run would replace it, so it stops here: choose another output folder (--out) \
             or remove this one",
            target.display()
        );
    }
    Ok(())
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.temp);
            forget(&self.temp);
            remove_made(&self.made);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The part of a manifest that marks an earlier output folder.
    const EARLIER: &str = "[run]\ncommand = \"run\"\nversion = \"0.11.0\"\n";

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
        std::fs::write(d.path().join(MANIFEST), EARLIER).unwrap();
        d.commit().unwrap();
        let d = AtomicDir::create(&target).unwrap();
        std::fs::write(d.path().join("b.csv"), "y").unwrap();
        d.commit().unwrap();
        assert!(!target.join("a.csv").exists() && target.join("b.csv").exists());
        assert!(finished().contains(&target));
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // Folders made above a target that never came are removed with it.
        drop(AtomicDir::create(&dir.path().join("new/deeper/out")).unwrap());
        assert!(!dir.path().join("new").exists());
        // Those passed through on the way back up (`..`) too.
        drop(AtomicDir::create(&dir.path().join("n1/n2/../out")).unwrap());
        assert!(!dir.path().join("n1").exists());
        let up = dir.path().join("up");
        std::fs::create_dir(&up).unwrap();
        drop(AtomicDir::create(&dir.path().join("n3/../up/n4/out")).unwrap());
        assert!(!dir.path().join("n3").exists() && !up.join("n4").exists());
        assert!(up.is_dir());
        std::fs::remove_dir(&up).unwrap();
    }

    #[test]
    fn a_failed_commit_puts_the_earlier_folder_back() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join(MANIFEST), EARLIER).unwrap();
        let d = AtomicDir::create(&target).unwrap();
        // The new folder vanishes before the commit: it cannot be moved in.
        std::fs::remove_dir_all(d.path()).unwrap();
        assert!(d.commit().is_err());
        assert_eq!(
            std::fs::read_to_string(target.join(MANIFEST)).unwrap(),
            EARLIER
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn folders_left_by_processes_gone_are_removed_and_others_kept() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        // No process has a number above the system's limit (at most 2^22);
        // process 1 always runs.
        for stale in [".out.tmp-4000000000", ".out.tmp-4000000001.removing"] {
            std::fs::create_dir_all(dir.path().join(stale).join("charts")).unwrap();
        }
        // A live process's, another target's, and an earlier output moved
        // aside by a commit that never finished.
        for kept in [
            ".out.tmp-1",
            ".other.tmp-4000000000",
            ".out.tmp-4000000002.old",
        ] {
            std::fs::create_dir(dir.path().join(kept)).unwrap();
        }
        drop(AtomicDir::create(&dir.path().join("out")).unwrap());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                ".other.tmp-4000000000",
                ".out.tmp-1",
                ".out.tmp-4000000002.old"
            ]
        );
    }

    #[test]
    fn an_unfinished_folder_is_removed_whole() {
        let dir = tempfile::tempdir().unwrap();
        let temp = dir.path().join(".out.tmp-1");
        std::fs::create_dir_all(temp.join("charts")).unwrap();
        std::fs::write(temp.join("charts/a.svg"), "x").unwrap();
        std::fs::write(temp.join("summary.csv"), "x").unwrap();
        remove(&temp);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn only_an_earlier_output_folder_or_an_empty_one_is_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "keep").unwrap();
        let err = AtomicDir::create(&file).err().unwrap().to_string();
        assert!(err.contains("is not a folder"), "{err}");
        let other = dir.path().join("papers");
        std::fs::create_dir(&other).unwrap();
        std::fs::write(other.join("draft.tex"), "keep").unwrap();
        let err = AtomicDir::create(&other).err().unwrap().to_string();
        assert!(err.contains("is not an output folder"), "{err}");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep");
        assert_eq!(
            std::fs::read_to_string(other.join("draft.tex")).unwrap(),
            "keep"
        );
        // Nothing was created beside them.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        let empty = dir.path().join("empty");
        std::fs::create_dir(&empty).unwrap();
        AtomicDir::create(&empty).unwrap().commit().unwrap();
        let earlier = dir.path().join("earlier");
        std::fs::create_dir(&earlier).unwrap();
        std::fs::write(earlier.join(MANIFEST), EARLIER).unwrap();
        std::fs::write(earlier.join("indicators.csv"), "").unwrap();
        AtomicDir::create(&earlier).unwrap().commit().unwrap();
        assert!(!earlier.join("indicators.csv").exists());
    }

    #[test]
    fn a_folder_below_a_file_or_an_output_folder_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("notes.txt");
        std::fs::write(&file, "keep").unwrap();
        let err = AtomicDir::create(&file.join("run/out"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("notes.txt, which is not a folder"), "{err}");
        let earlier = dir.path().join("earlier");
        std::fs::create_dir(&earlier).unwrap();
        std::fs::write(earlier.join(MANIFEST), EARLIER).unwrap();
        let err = AtomicDir::create(&earlier.join("a/b"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("is inside the output folder"), "{err}");
        // Nothing was made: not below the output folder, nor beside the file.
        assert_eq!(std::fs::read_dir(&earlier).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        // Beside an output folder, and below a folder of other things, is fine.
        AtomicDir::create(&dir.path().join("later"))
            .unwrap()
            .commit()
            .unwrap();
    }

    #[test]
    fn a_path_through_dotdot_replaces_the_folder_it_names() {
        let dir = tempfile::tempdir().unwrap();
        let earlier = dir.path().join("p");
        std::fs::create_dir(&earlier).unwrap();
        std::fs::write(earlier.join(MANIFEST), EARLIER).unwrap();
        std::fs::write(earlier.join("old.csv"), "").unwrap();
        let out = AtomicDir::create(&earlier.join("../p")).unwrap();
        std::fs::write(out.path().join("new.csv"), "").unwrap();
        out.commit().unwrap();
        assert!(earlier.join("new.csv").is_file() && !earlier.join("old.csv").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "p alone");
    }

    #[test]
    fn an_output_folder_already_inside_another_may_be_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let outer = dir.path().join("outer");
        let inner = outer.join("inner");
        std::fs::create_dir_all(&inner).unwrap();
        for folder in [&outer, &inner] {
            std::fs::write(folder.join(MANIFEST), EARLIER).unwrap();
        }
        AtomicDir::create(&inner).unwrap().commit().unwrap();
        let err = AtomicDir::create(&outer.join("beside"))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("is inside the output folder"), "{err}");
    }

    #[test]
    fn what_appears_at_the_target_during_a_run_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        for (name, folder) in [("file", false), ("folder", true)] {
            let target = dir.path().join(name);
            let out = AtomicDir::create(&target).unwrap();
            std::fs::write(out.path().join("a.csv"), "").unwrap();
            if folder {
                std::fs::create_dir(&target).unwrap();
                std::fs::write(target.join("mine.txt"), "keep").unwrap();
            } else {
                std::fs::write(&target, "keep").unwrap();
            }
            let err = out.commit().err().unwrap().to_string();
            assert!(err.contains("exists and is not"), "{err}");
            let kept = if folder {
                target.join("mine.txt")
            } else {
                target
            };
            assert_eq!(std::fs::read_to_string(kept).unwrap(), "keep");
        }
        // Only the two things made during the runs: no temporary folder stays.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(dir.path().join("nowhere"), &link).unwrap();
            let err = AtomicDir::create(&link).err().unwrap().to_string();
            assert!(err.contains("a link that leads nowhere"), "{err}");
        }
    }

    /// A folder that cannot be made is named as the command line gave it, not
    /// only by its temporary sibling's hidden name.
    #[test]
    fn a_folder_that_cannot_be_made_is_named_as_given() {
        if !Path::new("/proc/self").exists() {
            return;
        }
        let err = format!(
            "{:#}",
            AtomicDir::create(Path::new("/proc/ruralcare-out"))
                .err()
                .unwrap()
        );
        assert!(
            err.starts_with(
                "cannot create the output folder /proc/ruralcare-out (first as /proc/.ruralcare-out.tmp-"
            ),
            "{err}"
        );
    }

    /// A link to a folder: the folder it leads to is replaced, the link kept.
    #[cfg(unix)]
    #[test]
    fn a_link_to_a_folder_has_the_folder_replaced_and_stays() {
        let dir = tempfile::tempdir().unwrap();
        let (real, link) = (dir.path().join("disk/results"), dir.path().join("out"));
        std::fs::create_dir_all(&real).unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        for file in ["a.csv", "b.csv"] {
            let d = AtomicDir::create(&link).unwrap();
            std::fs::write(d.path().join(file), "x").unwrap();
            std::fs::write(d.path().join(MANIFEST), EARLIER).unwrap();
            d.commit().unwrap();
            assert!(
                std::fs::symlink_metadata(&link)
                    .unwrap()
                    .file_type()
                    .is_symlink()
            );
            assert!(link.join(file).is_file() && real.join(file).is_file());
        }
        assert!(!real.join("a.csv").exists());
        // Only the link and the folder holding the real one: no temporary folder stays.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
        assert_eq!(
            std::fs::read_dir(dir.path().join("disk")).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_manifest_not_written_by_ruralcare_does_not_make_an_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let project = dir.path().join("proj");
        std::fs::create_dir_all(project.join("src")).unwrap();
        std::fs::write(project.join("src/thesis.tex"), "important").unwrap();
        for manifest in [
            "name = \"x\"\n",
            "[run]\ncommand = \"run\"\n",
            "[run]\ncommand = \"run\"\nversion = 11\n",
            "run = \"command version\"\n",
            "[run\n",
        ] {
            std::fs::write(project.join(MANIFEST), manifest).unwrap();
            let err = AtomicDir::create(&project).err().unwrap().to_string();
            assert!(err.contains("is not an output folder"), "{manifest}: {err}");
        }
        assert_eq!(
            std::fs::read_to_string(project.join("src/thesis.tex")).unwrap(),
            "important"
        );
    }
}
