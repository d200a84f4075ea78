use super::*;

fn first_stmt_expr(src: &str) -> Expr {
    let p = parse(src).expect("parses");
    match &p.probes[0].body[0].kind {
        StmtKind::Expr(e) => e.clone(),
        other => panic!("not an expression statement: {other:?}"),
    }
}

/// Renders an expression with full parentheses, to check precedence.
fn show(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Int(v) => v.to_string(),
        ExprKind::Builtin(b) => b.name().into_owned(),
        ExprKind::Ident(w) => w.clone(),
        ExprKind::Var(v) => v.clone(),
        ExprKind::Binary { op, lhs, rhs } => {
            format!("({} {} {})", show(lhs), op.symbol(), show(rhs))
        }
        ExprKind::Unary { op, operand } => format!("({op:?} {})", show(operand)),
        ExprKind::RecordCast {
            name,
            union,
            operand,
        } => format!(
            "((({} {name} *) {}))",
            if *union { "union" } else { "struct" },
            show(operand)
        ),
        ExprKind::Ternary {
            cond,
            then,
            otherwise,
        } => format!("({} ? {} : {})", show(cond), show(then), show(otherwise)),
        ExprKind::Field { base, field, .. } => format!("{}.{field}", show(base)),
        ExprKind::Index { base, index } => format!("{}[{}]", show(base), show(index)),
        ExprKind::Call { name, args, .. } => {
            format!(
                "{name}({})",
                args.iter().map(show).collect::<Vec<_>>().join(", ")
            )
        }
        other => format!("{other:?}"),
    }
}

#[test]
fn integer_literals_with_exponents_and_hex() {
    let cases = [
        ("BEGIN { 1e6; }", "1000000"),
        ("BEGIN { 3E2; }", "300"),
        ("BEGIN { 1_000; }", "1000"),
        ("BEGIN { 0x1e6; }", "486"),
        ("BEGIN { elapsed / 1e6; }", "(elapsed / 1000000)"),
        (
            "BEGIN { 123UL + 7u + 0xffULL + 5ll; }",
            "(((123 + 7) + 255) + 5)",
        ),
        ("BEGIN { 1m; }", "60000000000"),
        ("BEGIN { 100ms + 2us + 3ns; }", "((100000000 + 2000) + 3)"),
        ("BEGIN { 1_0s; }", "10000000000"),
        ("BEGIN { 0x1d; }", "29"),
    ];
    for (src, want) in cases {
        assert_eq!(show(&first_stmt_expr(src)), want, "{src}");
    }
    for src in ["BEGIN { 1e20; }", "BEGIN { 2e19; }", "BEGIN { 300000d; }"] {
        let Err(d) = parse(src) else {
            panic!("{src} parsed");
        };
        assert!(
            d.iter()
                .any(|d| d.message == "integer literal out of range"),
            "{src}"
        );
    }
}

#[test]
fn c_precedence() {
    let cases = [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("1 << 2 + 3", "(1 << (2 + 3))"),
        ("1 < 2 == 3 > 4", "((1 < 2) == (3 > 4))"),
        ("1 | 2 ^ 3 & 4", "(1 | (2 ^ (3 & 4)))"),
        ("1 || 2 && 3", "(1 || (2 && 3))"),
        ("-1 * ~2", "((Neg 1) * (BitNot 2))"),
        ("!1 == 0", "((Not 1) == 0)"),
        ("1 ? 2 : 3 ? 4 : 5", "(1 ? 2 : (3 ? 4 : 5))"),
        (
            "pid > 1 && tid != 2 ? 1 : 0",
            "(((pid > 1) && (tid != 2)) ? 1 : 0)",
        ),
        ("(1 + 2) * 3", "((1 + 2) * 3)"),
        ("args.filename", "args.filename"),
        ("args->x + 1", "(args.x + 1)"),
        ("0x10 + 1_000", "(16 + 1000)"),
        // `[]` binds like `->`, `&` and `*` like the other prefixes;
        // `a & b` stays a binary and.
        ("curtask->comm[1 + 2] & 3", "(curtask.comm[(1 + 2)] & 3)"),
        ("&p->a[1].b", "(AddressOf p.a[1].b)"),
        ("*p[2] + 1", "((Deref p[2]) + 1)"),
        ("1 && &x", "(1 && (AddressOf x))"),
    ];
    for (src, want) in cases {
        let e = first_stmt_expr(&format!("BEGIN {{ {src} }}"));
        assert_eq!(show(&e), want, "for {src}");
    }
}

#[test]
fn probes_predicates_and_statements() {
    let src = "#!/usr/bin/env sonde\n// comment\nt:syscalls:sys_enter_sync, tracepoint:a:b /pid != 0/ {\n @last = nsecs; /* c */ @n[comm] = @n[comm] + 1;\n if (pid > 1) { $x = 1; } else if (pid) { return } else { exit(); }\n}\nEND { printf(\"%d\\n\", 1) }";
    let p = parse(src).expect("parses");
    assert_eq!(p.probes.len(), 2);
    let names: Vec<&str> = p.probes[0]
        .attach_points
        .iter()
        .map(|a| a.text.as_str())
        .collect();
    assert_eq!(names, ["t:syscalls:sys_enter_sync", "tracepoint:a:b"]);
    assert!(p.probes[0].predicate.is_some());
    assert_eq!(p.probes[0].body.len(), 3);
    assert!(matches!(p.probes[0].body[2].kind, StmtKind::If { .. }));
}

#[test]
fn string_escapes() {
    let e = first_stmt_expr(r#"BEGIN { "a\n\t\"\\\x41\101\0" }"#);
    match e.kind {
        ExprKind::Str(s) => assert_eq!(s, b"a\n\t\"\\AA\0"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn syntax_errors_have_spans() {
    let errs = parse("BEGIN { printf(\"x\" }").expect_err("must fail");
    assert_eq!(errs.len(), 1);
    assert!(errs[0].span.is_some());
    let errs = parse("BEGIN { \"\\q\" }").expect_err("bad escape");
    assert!(errs[0].message.contains("unknown escape"), "{errs:?}");
    let errs = parse("BEGIN { 99999999999999999999 }").expect_err("too big");
    assert!(errs[0].message.contains("out of range"));
}

#[test]
fn nested_parentheses_parse_in_linear_time() {
    // Found by fuzzing: with separate tuple and paren rules each level
    // was parsed twice, 2^depth in all.
    let src = format!("BEGIN {{ $x = {}1{}; }}", "(".repeat(60), ")".repeat(60));
    let started = std::time::Instant::now();
    assert!(parse(&src).is_ok());
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let unclosed = format!("BEGIN {{ $x = {}1, 2); }}", "(".repeat(60));
    assert!(parse(&unclosed).is_err());
    let tuple = first_stmt_expr("BEGIN { (1, (2, 3),) }");
    assert!(matches!(tuple.kind, ExprKind::Tuple(ref e) if e.len() == 2));
    let single = first_stmt_expr("BEGIN { (1,) }");
    assert!(matches!(single.kind, ExprKind::Tuple(ref e) if e.len() == 1));
    let empty = first_stmt_expr("BEGIN { () }");
    assert!(matches!(empty.kind, ExprKind::Tuple(ref e) if e.is_empty()));
}

#[test]
fn loops_and_declarations() {
    let p = parse(
        "BEGIN { while ($i < 3) { break; continue } unroll(2) { } for ($j : -1..($n + 1)) { } for ($kv : @m) { } let $a; let $b: uint8 = 1; let $c: string; let $d = 2 }",
    )
    .expect("parses");
    let body = &p.probes[0].body;
    assert!(
        matches!(&body[0].kind, StmtKind::While { body, .. } if matches!(body[..], [Stmt { kind: StmtKind::Break, .. }, Stmt { kind: StmtKind::Continue, .. }]))
    );
    assert!(
        matches!(&body[1].kind, StmtKind::Unroll { count, .. } if matches!(count.kind, ExprKind::Int(2)))
    );
    match &body[2].kind {
        StmtKind::ForRange {
            var, start, end, ..
        } => {
            assert_eq!(var, "$j");
            assert_eq!(show(start), "(Neg 1)");
            assert_eq!(show(end), "($n + 1)");
        }
        other => panic!("not a range loop: {other:?}"),
    }
    assert!(
        matches!(&body[3].kind, StmtKind::ForMap { var, map, .. } if var == "$kv" && map.name == "m")
    );
    let lets: Vec<(Option<DeclType>, bool)> = body[4..]
        .iter()
        .map(|s| match &s.kind {
            StmtKind::Let { ty, value, .. } => (*ty, value.is_some()),
            other => panic!("not a let: {other:?}"),
        })
        .collect();
    assert_eq!(
        lets,
        [
            (None, false),
            (
                Some(DeclType::Int {
                    bits: 8,
                    signed: false
                }),
                true
            ),
            (Some(DeclType::Str(None)), false),
            (None, true),
        ]
    );
    // Keywords are whole words: `lethal`, `breakage()` are other names.
    let p = parse("BEGIN { lethal; breakage(); continued; whiles; unrolled }").expect("parses");
    assert!(
        p.probes[0]
            .body
            .iter()
            .all(|s| matches!(s.kind, StmtKind::Expr(_)))
    );
    // A range's ends are unary expressions, as in bpftrace.
    assert!(parse("BEGIN { for ($i : 0..$n + 1) { } }").is_err());
    assert!(parse("BEGIN { let $x: float = 1; }").is_err());
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let src = format!("BEGIN {{ {}1{} }}", "(".repeat(5000), ")".repeat(5000));
    let errs = parse(&src).expect_err("too deep");
    assert!(errs[0].message.contains("nests too deeply"));
}

/// Every expression and statement has its own id after parsing and after
/// macro expansion: two expansions of one macro, the copies of an
/// expression argument and the parser's rewrites (`+=`, `++`, `ppid(t)`)
/// share none.
#[test]
fn every_node_has_its_own_id() {
    let text = r#"
        macro add(x, y) { $t = x + y; $t }
        macro bump(@m) { @m[1] += 1; }
        BEGIN {
            $a = add(1, 2) + add($a, comm == "x" ? 3 : 4);
            bump(@c); bump(@c);
            @d[comm] += 1; $a++;
            @p = ppid(curtask);
            if ($a > 1) { unroll(2) { $a--; } }
        }
    "#;
    let mut program = parse(text).expect("parses");
    let ids_of = |program: &Program| -> Vec<u32> {
        let dump = format!("{program:?}");
        dump.match_indices("id: NodeId(")
            .map(|(at, tag)| {
                let rest = &dump[at + tag.len()..];
                rest[..rest.find(')').expect("closes")]
                    .parse()
                    .expect("a number")
            })
            .collect()
    };
    for stage in ["parse", "expansion"] {
        let ids = ids_of(&program);
        let unique: std::collections::HashSet<u32> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "ids repeat after {stage}");
        assert!(
            !unique.contains(&NodeId::UNNUMBERED.0),
            "unnumbered after {stage}"
        );
        crate::macros::expand(&mut program).expect("expands");
    }
}
