//! Unit tests of sema, on the fixture kernel.

use super::probe_context::pointed_record;
use super::*;
use crate::diag::Diagnostic;
use crate::kernel::FixtureKernel;
use crate::script::ValueKind;
use crate::syntax_tree as parse;
use crate::types::Type;

fn analyse_text(text: &str) -> Result<Analysis, Vec<Diagnostic>> {
    analyse(
        &parse(text).expect("parses"),
        &FixtureKernel::standard(),
        &Options::default(),
    )
}

#[test]
fn map_types_flow_between_probes_in_any_order() {
    let a = analyse_text("BEGIN { @a = @b + 1; } END { @b = 2; @s[comm, 1] = comm; }").expect("ok");
    let (_, a_map) = a.map("a").expect("@a");
    assert_eq!(a_map.value, ValueKind::Int { signed: true });
    let (_, s) = a.map("s").expect("@s");
    // comm needs 16 bytes, NUL included.
    assert_eq!(
        s.keys,
        vec![ValueKind::Str { size: 16 }, ValueKind::Int { signed: true }]
    );
    assert_eq!(s.value, ValueKind::Str { size: 16 });
    assert_eq!(s.key_size(), 24);
}

#[test]
fn pointer_fields_name_their_record() {
    assert_eq!(
        pointed_record("struct __kernel_timespec *"),
        Some(("__kernel_timespec", false))
    );
    assert_eq!(
        pointed_record("const struct sockaddr *"),
        Some(("sockaddr", false))
    );
    assert_eq!(pointed_record("union bpf_attr *"), Some(("bpf_attr", true)));
    assert_eq!(pointed_record("const char *"), None);
    assert_eq!(pointed_record("struct rlimit64 * const"), None);
    assert_eq!(pointed_record("struct x **"), None);
}

#[test]
fn args_and_probe_make_one_program_per_attach_point() {
    let a = analyse_text(
        "t:syscalls:sys_enter_* { @[probe] = 1; } t:syscalls:sys_enter_* { @x = 1; } t:sched:sched_switch { @p = args.prev_pid; }",
    )
    .expect("ok");
    assert_eq!(a.probes[0].attaches.len(), 3);
    assert!(a.probes[0].per_attach);
    assert!(!a.probes[1].per_attach);
    assert!(a.probes[2].per_attach);
    let (_, p) = a.map("p").expect("@p");
    assert_eq!(p.value, ValueKind::Int { signed: true }, "pid_t is signed");
}

#[test]
fn max_probes_counts_expanded_attach_points_without_begin_and_end() {
    let text = "t:syscalls:sys_enter_* { } BEGIN { } END { }";
    let options = |max_probes| Options {
        max_probes,
        ..Options::default()
    };
    let run = |max_probes| {
        analyse(
            &parse(text).expect("parses"),
            &FixtureKernel::standard(),
            &options(max_probes),
        )
    };
    assert!(
        run(3).is_ok(),
        "three tracepoints, BEGIN and END attach nothing"
    );
    let refused = run(2).expect_err("refused");
    assert!(
        refused[0]
            .message
            .contains("attaches 3 probes, more than max_probes (2)"),
        "{refused:?}"
    );
}

#[test]
fn signedness_of_expressions() {
    let a = analyse_text(
        "BEGIN { $a = -1; $b = pid; $c = $a + $b; $d = $a * 2; $e = 0xffffffffffffffff; }",
    )
    .expect("ok");
    let vars = &a.probes[0].vars;
    assert_eq!(vars["$a"], Type::Int { signed: true });
    assert_eq!(vars["$b"], Type::Int { signed: false });
    assert_eq!(
        vars["$c"],
        Type::Int { signed: true },
        "int8 + uint32 is bpftrace's int64, the signed type holding both"
    );
    assert_eq!(vars["$d"], Type::Int { signed: true });
    assert_eq!(
        vars["$e"],
        Type::Int { signed: false },
        "literals above i64::MAX are unsigned"
    );
}

#[test]
fn errors_are_reported_once_each_with_spans() {
    let errs =
        analyse_text("BEGIN { $y = $x; @m[1] = 1; @m[\"s\"] = 2; @m[1, 2] = 3; exit(\"no\"); }")
            .expect_err("bad");
    let messages: Vec<&str> = errs.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].contains("undefined variable $x"));
    assert!(messages[1].contains("@m has int64 keys, but this key is a string"));
    assert!(messages[2].contains("@m is used with 2 keys here and 1 elsewhere"));
    assert!(messages[3].contains("exit() takes an integer exit code"));
    assert!(errs.iter().all(|d| d.span.is_some()));
}

fn messages(text: &str) -> Vec<String> {
    match analyse_text(text) {
        Ok(_) => Vec::new(),
        Err(d) => d.into_iter().map(|d| d.message).collect(),
    }
}

#[test]
fn variables_belong_to_their_block() {
    // Assigned in a branch: gone after it, as in bpftrace.
    assert_eq!(
        messages("BEGIN { if (1) { $b = 1; } printf(\"%d\\n\", $b); }"),
        ["$b is not in scope here"]
    );
    // Declared before the block: the block assigns the outer variable.
    assert_eq!(
        messages("BEGIN { let $b; if (1) { $b = 1; } printf(\"%d\\n\", $b); }"),
        Vec::<String>::new()
    );
    assert_eq!(
        messages("BEGIN { $x = 1; while ($x < 3) { let $x = 2; } }"),
        ["$x is already declared"]
    );
    assert_eq!(
        messages("BEGIN { $i = 1; for ($i : 0..2) { } }"),
        ["the loop variable $i shadows a variable of the same name"]
    );
    assert_eq!(
        messages("BEGIN { $y = $nope; }"),
        ["undefined variable $nope"]
    );
}

#[test]
fn blocks_that_do_not_nest_have_separate_variables() {
    let a = analyse_text(
        "BEGIN { if (pid) { $v = \"s\"; } else { $v = 1; } for ($i : 0..2) { } for ($i : @m) { } } END { @m[1] = 2; }",
    )
    .expect("ok");
    let vars = &a.probes[0].vars;
    assert_eq!(vars["$v"], Type::Str);
    assert_eq!(vars["$v#1"], Type::Int { signed: true });
    assert_eq!(vars["$i"], Type::Int { signed: true });
    assert!(matches!(vars["$i#1"], Type::Tuple(_)));
}

#[test]
fn break_continue_and_unroll_are_checked() {
    assert_eq!(
        messages("BEGIN { break; unroll(2) { continue; } while (1) { unroll(2) { break; } } }"),
        ["break outside of a loop", "continue outside of a loop"]
    );
    assert_eq!(
        messages("BEGIN { unroll(0) { } unroll(101) { } unroll(100) { } unroll(pid) { } }"),
        [
            "unroll's count must be from 1 to 100",
            "unroll's count must be from 1 to 100",
            "unroll's count must be an integer literal"
        ]
    );
    assert_eq!(
        messages(
            "BEGIN { unroll(100) { unroll(10) { } } unroll(10) { unroll(10) { unroll(11) { } } } }"
        ),
        ["nested unrolls would repeat this block 1100 times, more than 1000"]
    );
    assert_eq!(
        messages("BEGIN { for ($i : 0..3) { while (1) { exit(); } } while (1) { exit(); } }"),
        ["exit() is not allowed in a for loop's body"]
    );
}

#[test]
fn let_types_and_widths() {
    let a = analyse_text(
        "BEGIN { let $a: uint8 = 1; $a = pid; let $b: int64 = -1; let $s: string; let $n; $m = $n; }",
    )
    .expect("ok");
    let vars = &a.probes[0].vars;
    assert_eq!(vars["$a"], Type::Int { signed: false });
    assert_eq!(vars["$s"], Type::Str);
    assert_eq!(
        vars["$n"],
        Type::Int { signed: true },
        "read before assigned: 0"
    );
    assert_eq!(a.store_widths.len(), 2, "both stores to $a, none to $b");
    assert_eq!(
        messages(
            "BEGIN { let $a: int8 = 128; let $b: int8 = -128; let $c: bool = 2; let $d: string = 1; }"
        ),
        [
            "128 does not fit in int8",
            "type mismatch for $c: it is declared a bool",
            "type mismatch for $d: it is declared a string"
        ]
    );
}

#[test]
fn stacks_take_their_mode_and_limit_and_need_a_map_per_limit() {
    use crate::script::{StackMode, StackType};
    let options = Options {
        stack_mode: StackMode::Perf,
        ..Options::default()
    };
    let a = analyse(
        &parse("BEGIN { @a = kstack; @b[ustack(raw, 5), 1] = count(); @c = kstack(bpftrace); @d = ksym(1); @e = usym(2); }")
            .expect("parses"),
        &FixtureKernel::standard(),
        &options,
    )
    .expect("ok");
    let st = |user, mode, limit| {
        ValueKind::Stack(StackType {
            user,
            mode,
            limit,
            unwind: crate::script::Unwind::FramePointers,
        })
    };
    assert_eq!(
        a.map("a").expect("@a").1.value,
        st(false, StackMode::Perf, 127)
    );
    assert_eq!(
        a.map("b").expect("@b").1.keys[0],
        st(true, StackMode::Raw, 5)
    );
    assert_eq!(a.map("b").expect("@b").1.key_size(), 24);
    assert_eq!(
        a.map("c").expect("@c").1.value,
        st(false, StackMode::Bpftrace, 127)
    );
    assert_eq!(a.map("d").expect("@d").1.value, ValueKind::Ksym);
    assert_eq!(a.map("e").expect("@e").1.value, ValueKind::Usym);
    let limits: Vec<u32> = a.stack_maps().iter().map(|m| m.limit).collect();
    assert_eq!(limits, vec![5, 127]);
    assert!(
        a.warnings.is_empty(),
        "127 frames is what the fixture kernel keeps"
    );
    let deep = analyse_text("BEGIN { @ = kstack(200); }").expect("a warning only");
    assert_eq!(deep.warnings.len(), 1);
}

#[test]
fn printf_sites_get_ids_in_source_order() {
    let a = analyse_text(
        "BEGIN { printf(\"a %d\\n\", 1); } END { printf(\"%s %s\\n\", comm, \"x\"); }",
    )
    .expect("ok");
    assert_eq!(a.printfs.len(), 2);
    assert_eq!(
        a.printfs[1].args,
        vec![ValueKind::Str { size: 16 }, ValueKind::Str { size: 8 }]
    );
    assert_eq!(a.printfs[1].record_size(), 8 + 16 + 8);
}

#[test]
fn enum_values_keep_their_enum_in_maps_tuples_and_variables() {
    let a = analyse_text(
        "enum color { RED, GREEN = 5 }; enum shape { SQUARE }; struct s { int x; };
         BEGIN { $e = GREEN; @v = $e; @k[RED, 1] = 1; @t = (RED, 2); @sum = sum(GREEN);
                 @two = RED; @two = SQUARE; @plain = GREEN; @plain = 6; @arith = GREEN + 1;
                 $mixed = GREEN; $mixed = 7; @mixed = $mixed; @p = (struct s *)1; }",
    )
    .expect("ok");
    let color = ValueKind::Enum {
        signed: false,
        names: vec![(0, "RED".to_string()), (5, "GREEN".to_string())],
    };
    let value = |name: &str| a.map(name).expect(name).1.value.clone();
    assert_eq!(value("v"), color);
    assert_eq!(a.map("k").expect("@k").1.keys[0], color);
    assert_eq!(
        value("t"),
        ValueKind::Tuple(vec![color.clone(), ValueKind::Int { signed: true }])
    );
    // Arithmetic and aggregations give plain integers, and so do two enums
    // or an enum and a plain integer in one holder.
    for plain in ["sum", "two", "plain", "arith", "mixed"] {
        assert!(
            matches!(value(plain), ValueKind::Int { .. }),
            "@{plain}: {:?}",
            value(plain)
        );
    }
    assert_eq!(value("p"), ValueKind::Pointer);
}

#[test]
fn a_tracepoint_pointer_field_is_an_address_printed_as_a_pointer() {
    let a = analyse_text(
        "t:syscalls:sys_enter_openat { @f = args.filename; @moved = args.filename + 1; @n = args.filename * 1; @flags = args.flags; }",
    )
    .expect("ok");
    let value = |name: &str| a.map(name).expect(name).1.value.clone();
    assert_eq!(value("f"), ValueKind::Pointer);
    assert_eq!(value("moved"), ValueKind::Pointer);
    assert_eq!(value("n"), ValueKind::Int { signed: false });
    assert!(matches!(value("flags"), ValueKind::Int { .. }));
}

/// The fixture kernel with the data symbols a CONFIG_KALLSYMS_ALL kernel
/// lists (this machine's lists none, so `percpu_kaddr` cannot run here).
struct DataSymbols(FixtureKernel);

impl crate::kernel::Kernel for DataSymbols {
    fn tracepoints(&self) -> Result<Vec<(String, String)>, String> {
        self.0.tracepoints()
    }
    fn tracepoint_format(
        &self,
        category: &str,
        name: &str,
    ) -> Result<Option<crate::kernel::TracepointFormat>, String> {
        self.0.tracepoint_format(category, name)
    }
    fn possible_cpus(&self) -> Result<u32, String> {
        Ok(4)
    }
    fn kernel_functions(&self, module: Option<&str>) -> Result<Vec<String>, String> {
        self.0.kernel_functions(module)
    }
    fn kernel_symbol_address(&self, name: &str) -> Result<Option<u64>, String> {
        Ok(match name {
            "runqueues" => Some(0x2c_e40),
            "__per_cpu_offset" => Some(0xffff_ffff_8300_1000),
            "__per_cpu_end" => Some(0x3_4000),
            "jiffies" => Some(0xffff_ffff_8300_5000),
            _ => None,
        })
    }
}

#[test]
fn percpu_kaddr_takes_the_offset_and_the_table_from_kallsyms() {
    let kernel = DataSymbols(FixtureKernel::standard());
    let program = parse(r#"BEGIN { $r = percpu_kaddr("runqueues", 1); }"#).expect("parses");
    let a = analyse(&program, &kernel, &Options::default()).expect("ok");
    let infos: Vec<_> = a.calls.values().copied().collect();
    assert!(
        infos.contains(&CallInfo::PerCpu {
            symbol: 0x2c_e40,
            offsets: 0xffff_ffff_8300_1000,
            cpus: 4
        }),
        "{infos:?}"
    );
    let ordinary = parse(r#"BEGIN { $j = percpu_kaddr("jiffies"); }"#).expect("parses");
    let errors = analyse(&ordinary, &kernel, &Options::default()).expect_err("not per-CPU");
    assert!(
        errors[0].message.contains("not a per-CPU variable"),
        "{}",
        errors[0].message
    );
    // On the plain fixture, as on this machine: no data symbols at all.
    let plain = analyse_text(r#"BEGIN { $r = percpu_kaddr("runqueues"); }"#).expect_err("none");
    assert!(
        plain[0].message.contains("data symbols"),
        "{}",
        plain[0].message
    );
}

#[test]
fn percpu_kaddr_compiles_to_the_table_read() {
    let kernel = DataSymbols(FixtureKernel::standard());
    let source = crate::diag::Source::new("-e", r#"BEGIN { print(percpu_kaddr("runqueues")); }"#);
    let ir = crate::emit(
        &source,
        &kernel,
        &Options::default(),
        crate::Stage::LlvmOriginal,
    )
    .expect("compiles");
    let ir = String::from_utf8_lossy(&ir);
    // The table's address and the variable's offset are in the program.
    assert!(
        ir.contains(&(0xffff_ffff_8300_1000_u64 as i64).to_string()),
        "{ir}"
    );
    assert!(ir.contains(&0x2c_e40.to_string()), "{ir}");
}

// The metrics endpoint's label names (`MapSpec::key_names`).
#[test]
fn keys_are_named_by_the_expressions_every_write_uses() {
    let a = analyse_text(
        "tracepoint:syscalls:sys_enter_openat {
            $fd = 3;
            @by[pid, comm] = count();
            @files[str(args.filename)] = count();
            @mixed[pid] = 1;
            @mixed[tid] = 2;
            @v[$fd, 1 + 1] = 1;
            @t[(1, 2)] = 1;
        }",
    )
    .expect("ok");
    let names = |map: &str| a.map(map).expect("the map").1.key_names.clone();
    let some = |n: &str| Some(n.to_string());
    assert_eq!(names("by"), vec![some("pid"), some("comm")]);
    assert_eq!(names("files"), vec![some("filename")]);
    assert_eq!(names("mixed"), vec![None]);
    assert_eq!(names("v"), vec![some("fd"), None]);
    assert_eq!(names("t"), vec![None, None]);
}
