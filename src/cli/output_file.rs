//! `-o FILE`: where a tracer running as root writes. It never follows a
//! symlink at FILE (one planted in a shared directory such as /tmp would
//! aim root's writes anywhere), creates the file for its owner only (0600,
//! narrowed by the umask), empties only a regular file it opened itself,
//! and refuses anything but a regular file, a pipe or a character device
//! (`/dev/null`, a terminal).

use super::report;
use std::fs::{File, OpenOptions};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;

pub fn open(path: &Path) -> Result<File, String> {
    let shown = path.display();
    let file = OpenOptions::new()
        .write(true)
        .create(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| {
            if e.raw_os_error() == Some(libc::ELOOP) {
                format!("{shown} is a symbolic link; -o does not follow one (give the file it points to)")
            } else {
                format!("cannot write {shown}: {}", report::plain(&e))
            }
        })?;
    let kind = file
        .metadata()
        .map_err(|e| format!("cannot write {shown}: {}", report::plain(&e)))?
        .file_type();
    if kind.is_file() {
        file.set_len(0)
            .map_err(|e| format!("cannot empty {shown}: {}", report::plain(&e)))?;
    } else if !(kind.is_fifo() || kind.is_char_device()) {
        return Err(format!(
            "{shown} is not a regular file, a pipe or a character device; -o writes only to those"
        ));
    }
    Ok(file)
}
