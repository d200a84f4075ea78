//! Any file as kernel BTF (`kernel::btf`, through btf-rs), and every question
//! the compiler asks of it: types by id and by name, members, enumerators,
//! functions, raw tracepoints and iterators. Malformed BTF (type chains that
//! loop, lengths past the file's end) must give an error naming the file or
//! no answer, never a panic, a hang or unbounded recursion.
#![no_main]

mod harness;

use libfuzzer_sys::fuzz_target;
use sonde_compiler::kernel::btf::KernelTypes;

fuzz_target!(|data: &[u8]| {
    let path = harness::file("btf", data);
    let shown = path.display().to_string();
    let types = match KernelTypes::from_file(&shown) {
        Ok(types) => types,
        Err(e) => return harness::names_file(&e, &path),
    };
    for id in 0..64 {
        let _ = types.resolve(id);
        let _ = types.name(id);
        let _ = types.size_of(id);
        let _ = types.array(id);
        let _ = types.enumerators(id);
        for member in types.member_names(id).iter().take(8) {
            let _ = types.member(id, member);
        }
        let _ = types.member(id, "");
        let _ = types.member(id, "pid");
    }
    let functions = types.functions();
    for function in functions.iter().take(8) {
        let _ = types.function_format(function, true);
        let _ = types.type_by_name(function);
    }
    for tracepoint in types.raw_tracepoints().iter().take(8) {
        let _ = types.raw_tracepoint_format(tracepoint);
    }
    for iterator in types.iterators().iter().take(8) {
        let _ = types.record_by_name(&format!("bpf_iter__{iterator}"), false);
    }
    let _ = types.record_by_name("task_struct", false);
    let _ = types.record_by_name("task_struct", true);
    let _ = types.enum_by_name("E");
    let _ = types.enumerator("A");
    let _ = types.raw_tracepoint_format("sched_switch");
});
