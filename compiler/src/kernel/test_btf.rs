//! Corrupt kernel BTF built in tests: what a file may claim that no kernel
//! writes (types that lead back to themselves), and the regression tests of
//! `btf.rs` against it (found by fuzz/, target btf).

use super::btf::{KernelType, KernelTypes};
use super::test_elf;

const PTR: u32 = 2;
const ARRAY: u32 = 3;
const STRUCT: u32 = 4;
const UNION: u32 = 5;
const TYPEDEF: u32 = 8;

/// Raw BTF of `types` (each: kind, name, vlen, size or type, the bytes that
/// follow), the names in one string section.
fn btf(types: &[(u32, &str, u32, u32, Vec<u8>)]) -> Vec<u8> {
    let mut strings = vec![0u8];
    let mut section = Vec::new();
    for (kind, name, vlen, size_or_type, extra) in types {
        let name_off = if name.is_empty() {
            0
        } else {
            let at = strings.len() as u32;
            strings.extend_from_slice(name.as_bytes());
            strings.push(0);
            at
        };
        for word in [name_off, (kind << 24) | vlen, *size_or_type] {
            section.extend_from_slice(&word.to_le_bytes());
        }
        section.extend_from_slice(extra);
    }
    let mut out = Vec::new();
    out.extend_from_slice(&0xeb9f_u16.to_le_bytes());
    out.extend_from_slice(&[1, 0]);
    let (types_len, strings_len) = (section.len() as u32, strings.len() as u32);
    for word in [24, 0, types_len, types_len, strings_len] {
        out.extend_from_slice(&word.to_le_bytes());
    }
    out.extend_from_slice(&section);
    out.extend_from_slice(&strings);
    out
}

fn words(words: &[u32]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

fn loops() -> KernelTypes {
    let bytes = btf(&[
        // 1: a pointer to itself.
        (PTR, "", 0, 1, vec![]),
        // 2: an array of itself (element 2, index 2, 4 of them).
        (ARRAY, "", 0, 0, words(&[2, 2, 4])),
        // 3: a struct whose anonymous member is itself.
        (STRUCT, "task_struct", 1, 8, words(&[0, 3, 0])),
        // 4: an anonymous union of itself, through a typedef.
        (UNION, "", 1, 4, words(&[0, 5, 0])),
        (TYPEDEF, "loop_t", 0, 4, vec![]),
    ]);
    let path = test_elf::file("btf_loops", &bytes);
    KernelTypes::from_file(&path.display().to_string()).expect("the BTF parses")
}

#[test]
fn types_that_lead_back_to_themselves_end() {
    // Each of these recursed until the stack overflowed.
    let types = loops();
    assert!(types.name(1).ends_with("* * *"), "{}", types.name(1));
    assert_eq!(types.resolve(2), KernelType::Other);
    assert_eq!(types.size_of(2), None);
    assert!(types.name(2).starts_with("?[4]"), "{}", types.name(2));
    assert_eq!(types.member(3, "pid"), None);
    assert_eq!(types.member(4, "pid"), None);
    assert!(types.member_names(3).is_empty());
}

#[test]
fn anonymous_members_that_share_a_type_take_no_exponential_time() {
    // Found by fuzz/ (btf, a timeout): a struct with two anonymous members
    // of its own type was searched 2^depth times.
    let bytes = btf(&[
        (
            STRUCT,
            "task_struct",
            3,
            8,
            words(&[0, 1, 0, 0, 1, 0, 0, 2, 0]),
        ),
        (UNION, "", 1, 4, words(&[0, 1, 0])),
    ]);
    let path = test_elf::file("btf_shared", &bytes);
    let types = KernelTypes::from_file(&path.display().to_string()).expect("the BTF parses");
    let started = std::time::Instant::now();
    assert_eq!(types.member(1, "pid"), None);
    assert!(types.member_names(1).is_empty());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
