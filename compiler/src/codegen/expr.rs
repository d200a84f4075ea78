//! Expressions. Integers are i64 SSA values; strings are pointers to
//! `string_size()`-byte, NUL-padded stack buffers.

use super::helpers::{Arg, Helper};
use super::{CgResult, CodegenError, Func, Gen};
use crate::ast::{BinaryOp, Expr, ExprKind, UnaryOp};
use crate::btf_access::{IndexBase, MemberKind};
use crate::builtins::{Builtin, Function};
use crate::kernel::FieldKind;
use crate::script::{Attach, UsdtArgument, UsdtLocation, ValueKind, string_size};
use crate::types::Type;
use inkwell::IntPredicate;
use inkwell::values::{IntValue, PointerValue};

/// x86-64 `struct pt_regs` offsets of the argument registers, in order
/// (di, si, dx, cx, r8, r9), and of ax (the return value).
const PT_REGS_ARGS: [u32; 6] = [112, 104, 96, 88, 72, 64];
const PT_REGS_AX: u32 = 80;

#[derive(Debug, Clone, Copy)]
pub enum Val<'ctx> {
    Int(IntValue<'ctx>),
    Str(PointerValue<'ctx>),
    /// A buffer holding the elements in their slots (see `ValueKind::Tuple`).
    Tuple(PointerValue<'ctx>),
    Void,
}

impl<'ctx> Val<'ctx> {
    pub fn int(self) -> CgResult<IntValue<'ctx>> {
        match self {
            Val::Int(v) => Ok(v),
            other => Err(CodegenError(format!("expected an integer, got {other:?}"))),
        }
    }
}

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub fn expr(&self, f: &mut Func<'ctx, 'a>, e: &Expr) -> CgResult<Val<'ctx>> {
        match &e.kind {
            ExprKind::Int(v) => Ok(Val::Int(self.i64.const_int(*v, false))),
            ExprKind::Str(bytes) => Ok(Val::Str(self.const_string(f, bytes)?)),
            ExprKind::Builtin(name) if name == "kstack" || name == "ustack" => {
                match self.analysis.type_of(e) {
                    Type::Stack(st) => self.stack(f, st),
                    _ => Err(CodegenError(format!("{name} without a stack type"))),
                }
            }
            ExprKind::Builtin(name) => match self.analysis.call_info(e) {
                // An enumerator by its name, ncpus, has_cpid.
                Some(crate::sema::CallInfo::Constant(v)) => {
                    Ok(Val::Int(self.i64.const_int(*v, false)))
                }
                Some(crate::sema::CallInfo::ParentPid { real_parent, tgid }) => {
                    self.parent_pid(f, *real_parent, *tgid)
                }
                Some(crate::sema::CallInfo::ProcessComm { group_leader, comm }) => {
                    self.process_comm(f, *group_leader, *comm)
                }
                _ => self.builtin(f, name),
            },
            ExprKind::Var(name)
                if crate::sema::positional_index(name).is_some() || name == "$#" =>
            {
                match crate::sema::positional_value(&self.analysis.positional, name) {
                    Some(crate::sema::Positional::Int(v)) => {
                        Ok(Val::Int(self.i64.const_int(v as u64, true)))
                    }
                    Some(crate::sema::Positional::Text(t)) => {
                        Ok(Val::Str(self.const_string(f, t.as_bytes())?))
                    }
                    // Not given: 0, as in bpftrace.
                    None => Ok(Val::Int(self.i64.const_zero())),
                }
            }
            ExprKind::Var(name) => {
                let name = self.analysis.var_slot(&e.span).unwrap_or(name);
                let slot = *f
                    .vars
                    .get(name)
                    .ok_or_else(|| CodegenError(format!("variable {name} has no slot")))?;
                match self.analysis.type_of(e) {
                    Type::Str => Ok(Val::Str(slot)),
                    t if t.in_memory() => Ok(Val::Tuple(slot)),
                    _ => Ok(Val::Int(
                        self.builder
                            .build_load(self.i64, slot, name)?
                            .into_int_value(),
                    )),
                }
            }
            ExprKind::Map(map) => self.map_read(f, map),
            ExprKind::Call { name, args, .. } => self.call(f, e, name, args),
            ExprKind::Field { base, field, .. } => match self.analysis.type_of(base) {
                Type::Tuple(_) => self.tuple_element(f, base, field),
                Type::KernelPtr(_)
                | Type::KernelRecord(_)
                | Type::UserPtr(_)
                | Type::UserRecord(_) => self.kernel_member(f, e, base),
                _ => self.args_field(f, field),
            },
            // A pointer cast changes the type, not the address.
            ExprKind::RecordCast { operand, .. }
            | ExprKind::EnumCast { operand, .. }
            | ExprKind::NamedPointerCast { operand, .. } => self.expr(f, operand),
            ExprKind::TypeName { .. } => Err(CodegenError("a type as a value".into())),
            ExprKind::Tuple(elements) => self.tuple(f, e, elements),
            // Sema recorded the operand's read as "no read": its address.
            ExprKind::Unary {
                op: UnaryOp::AddressOf,
                operand,
            } => self.expr(f, operand),
            ExprKind::Index { base, index } => self.index(f, e, base, index),
            ExprKind::Unary {
                op: UnaryOp::Deref,
                operand,
            } => {
                let address = self.expr(f, operand)?.int()?;
                let read = self
                    .analysis
                    .member_read(e)
                    .ok_or_else(|| CodegenError("dereference without a layout".into()))?;
                self.read_kernel(f, address, read)
            }
            ExprKind::Unary { op, operand } => {
                let v = self.expr(f, operand)?.int()?;
                let r = match op {
                    UnaryOp::Deref | UnaryOp::AddressOf => v,
                    UnaryOp::Neg => self.builder.build_int_neg(v, "neg")?,
                    UnaryOp::BitNot => self.builder.build_not(v, "bitnot")?,
                    UnaryOp::Not => {
                        let zero = self.builder.build_int_compare(
                            IntPredicate::EQ,
                            v,
                            self.i64.const_zero(),
                            "not",
                        )?;
                        self.builder.build_int_z_extend(zero, self.i64, "not64")?
                    }
                    UnaryOp::Cast { bits: 1, .. } => {
                        let set = self.truthy(v)?;
                        self.builder.build_int_z_extend(set, self.i64, "bool")?
                    }
                    UnaryOp::Cast { bits, .. } if *bits >= 64 => v,
                    // Keep the low `bits`, then extend as the target type says.
                    UnaryOp::Cast { bits, signed } => {
                        let unused = self.i64.const_int(u64::from(64 - *bits), false);
                        let up = self.builder.build_left_shift(v, unused, "cast_up")?;
                        self.builder
                            .build_right_shift(up, unused, *signed, "cast")?
                    }
                };
                Ok(Val::Int(r))
            }
            ExprKind::Binary { op, lhs, rhs } => self.binary(f, e, *op, lhs, rhs),
            ExprKind::IncDec {
                target,
                increment,
                prefix,
            } => self.inc_dec(f, e, target, *increment, *prefix),
            ExprKind::Block { stmts, value } => {
                self.block_statements(f, stmts)?;
                self.expr(f, value)
            }
            ExprKind::Ternary {
                cond,
                then,
                otherwise,
            } => self.ternary(f, e, cond, then, otherwise),
        }
    }

    fn builtin(&self, f: &mut Func<'ctx, 'a>, name: &str) -> CgResult<Val<'ctx>> {
        let b = Builtin::from_name(name)
            .ok_or_else(|| CodegenError(format!("unknown builtin {name}")))?;
        let shift32 = self.i64.const_int(32, false);
        let low32 = self.i64.const_int(0xffff_ffff, false);
        let v = match b {
            Builtin::Pid => self.current_id(f, false)?,
            Builtin::Tid => self.current_id(f, true)?,
            Builtin::PidInit => {
                let v = self.call_int(Helper::GetCurrentPidTgid, &[])?;
                self.builder.build_right_shift(v, shift32, false, "pid")?
            }
            Builtin::TidInit => {
                let v = self.call_int(Helper::GetCurrentPidTgid, &[])?;
                self.builder.build_and(v, low32, "tid")?
            }
            // username: the uid; user space names it.
            Builtin::Uid | Builtin::Username => {
                let v = self.call_int(Helper::GetCurrentUidGid, &[])?;
                self.builder.build_and(v, low32, "uid")?
            }
            Builtin::Gid => {
                let v = self.call_int(Helper::GetCurrentUidGid, &[])?;
                self.builder.build_right_shift(v, shift32, false, "gid")?
            }
            // CLOCK_BOOTTIME, as current bpftrace's `nsecs`.
            Builtin::Nsecs => self.call_int(Helper::KtimeGetBootNs, &[])?,
            Builtin::Elapsed => {
                let now = self.call_int(Helper::KtimeGetNs, &[])?;
                let start = self.run_time_value(f, crate::script::VAR_START_NS)?;
                self.builder.build_int_sub(now, start, "elapsed")?
            }
            Builtin::Cpu => self.call_int(Helper::GetSmpProcessorId, &[])?,
            Builtin::Rand => self.call_int(Helper::GetPrandomU32, &[])?,
            Builtin::Cgroup => self.call_int(Helper::GetCurrentCgroupId, &[])?,
            Builtin::Jiffies => self.call_int(Helper::Jiffies64, &[])?,
            // The context's address: its members are read as any kernel
            // struct's (`ctx->task`).
            Builtin::Ctx => self.builder.build_ptr_to_int(f.ctx_arg, self.i64, "ctx")?,
            // Sema made it a constant where the context has no registers.
            // The privilege level is cs's low two bits: 3 for user code.
            Builtin::Usermode => {
                let cs = crate::kernel::regs::offset("cs")
                    .ok_or_else(|| CodegenError("no cs register".into()))?;
                let cs = self.register(f, cs)?;
                let ring = self
                    .builder
                    .build_and(cs, self.i64.const_int(3, false), "ring")?;
                let user = self.builder.build_int_compare(
                    IntPredicate::EQ,
                    ring,
                    self.i64.const_int(3, false),
                    "user",
                )?;
                self.builder
                    .build_int_z_extend(user, self.i64, "usermode")?
            }
            Builtin::Numaid => self.call_int(Helper::GetNumaNodeId, &[])?,
            Builtin::Bool(b) => self.i64.const_int(u64::from(b), false),
            Builtin::Cpid => self.run_time_value(f, crate::script::VAR_CPID)?,
            Builtin::Comm => {
                let buf = self.alloca_string(f, "comm")?;
                self.zero(buf, string_size())?;
                self.call_int(
                    Helper::GetCurrentComm,
                    &[Arg::Ptr(buf), Arg::Int(self.i64.const_int(16, false))],
                )?;
                return Ok(Val::Str(buf));
            }
            Builtin::Probe => {
                return Ok(Val::Str(self.const_string(f, f.attach.name().as_bytes())?));
            }
            Builtin::Probetype => {
                return Ok(Val::Str(self.const_string(f, f.attach.kind().as_bytes())?));
            }
            Builtin::Func => {
                let name = crate::sema::func_name(f.attach)
                    .ok_or_else(|| CodegenError("func outside a kprobe or uprobe".into()))?;
                return Ok(Val::Str(self.const_string(f, name.as_bytes())?));
            }
            Builtin::Curtask => self.call_int(Helper::GetCurrentTask, &[])?,
            Builtin::Args => return Err(CodegenError("bare args".into())),
            Builtin::Kstack | Builtin::Ustack => {
                return Err(CodegenError("a stack without its type".into()));
            }
            // Sema made these constants or reads (`CallInfo`).
            Builtin::Ncpus | Builtin::HasCpid | Builtin::Ppid | Builtin::Pcomm => {
                return Err(CodegenError(format!("{name} without its value")));
            }
            Builtin::Arg(n) => match f.attach {
                Attach::Usdt { arguments, .. } => {
                    let argument = arguments
                        .get(usize::from(n))
                        .ok_or_else(|| CodegenError(format!("usdt arg{n} out of range")))?;
                    self.usdt_argument(f, argument)?
                }
                // fentry/fexit and raw tracepoints: the context is the
                // arguments, one u64 each.
                Attach::Fentry { .. } | Attach::RawTracepoint { .. } => {
                    let name = f
                        .format
                        .and_then(|fmt| fmt.fields.get(usize::from(n)))
                        .map(|field| field.name.clone())
                        .ok_or_else(|| CodegenError(format!("fentry arg{n} out of range")))?;
                    return self.args_field(f, &name);
                }
                _ => self.register(f, PT_REGS_ARGS[usize::from(n).min(5)])?,
            },
            // At a function's entry (x86-64) sp points at the return
            // address; the stack arguments follow it, 8 bytes each.
            Builtin::StackArg(n) => {
                let sp = crate::kernel::regs::offset("sp")
                    .ok_or_else(|| CodegenError("no sp register".into()))?;
                let sp = self.register(f, sp)?;
                let address = self.builder.build_int_add(
                    sp,
                    self.i64.const_int(8 * (u64::from(n) + 1), false),
                    "stack_arg",
                )?;
                let pointer =
                    self.builder
                        .build_int_to_ptr(address, self.ptr, "stack_arg_pointer")?;
                let read = if matches!(f.attach, Attach::Uprobe { .. }) {
                    Helper::ProbeReadUser
                } else {
                    Helper::ProbeReadKernel
                };
                self.read_word(f, read, pointer, 8)?
            }
            Builtin::Retval if matches!(f.attach, Attach::Fentry { .. }) => {
                return self.args_field(f, "$retval");
            }
            Builtin::Retval => self.register(f, PT_REGS_AX)?,
        };
        Ok(Val::Int(v))
    }

    fn args_field(&self, f: &mut Func<'ctx, 'a>, name: &str) -> CgResult<Val<'ctx>> {
        let field = f
            .format
            .and_then(|fmt| fmt.field(name))
            .ok_or_else(|| CodegenError(format!("args.{name} without a format")))?;
        let at = self.byte_offset(f.ctx_arg, field.offset)?;
        match field.kind {
            FieldKind::Int | FieldKind::CharPtr | FieldKind::Pointer => {
                let width = match field.size {
                    1 => self.i8,
                    2 => self.ctx.i16_type(),
                    4 => self.i32,
                    _ => self.i64,
                };
                let raw = self.builder.build_load(width, at, name)?.into_int_value();
                let v = if field.size >= 8 {
                    raw
                } else if field.signed && field.kind == FieldKind::Int {
                    self.builder.build_int_s_extend(raw, self.i64, "sext")?
                } else {
                    self.builder.build_int_z_extend(raw, self.i64, "zext")?
                };
                Ok(Val::Int(v))
            }
            FieldKind::CharArray => {
                let buf = self.alloca_string(f, name)?;
                self.zero(buf, string_size())?;
                // The _str read stops at the NUL, so the rest of the buffer
                // stays zero, as string comparison relies on.
                let size = (field.size + 1).min(string_size());
                self.call_int(
                    Helper::ProbeReadKernelStr,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(self.i64.const_int(u64::from(size), false)),
                        Arg::Ptr(at),
                    ],
                )?;
                Ok(Val::Str(buf))
            }
            FieldKind::DataLocString => {
                // The low 16 bits of the u32 are the string's offset in the record.
                let loc = self
                    .builder
                    .build_load(self.i32, at, "data_loc")?
                    .into_int_value();
                let loc = self.builder.build_int_z_extend(loc, self.i64, "loc64")?;
                let offset =
                    self.builder
                        .build_and(loc, self.i64.const_int(0xffff, false), "loc_off")?;
                let base = self
                    .builder
                    .build_ptr_to_int(f.ctx_arg, self.i64, "ctx_addr")?;
                let addr = self.builder.build_int_add(base, offset, "str_addr")?;
                let src = self.builder.build_int_to_ptr(addr, self.ptr, "str_ptr")?;
                let buf = self.alloca_string(f, name)?;
                self.zero(buf, string_size())?;
                self.call_int(
                    Helper::ProbeReadKernelStr,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(self.i64.const_int(u64::from(string_size()), false)),
                        Arg::Ptr(src),
                    ],
                )?;
                Ok(Val::Str(buf))
            }
            FieldKind::Unsupported => {
                Err(CodegenError(format!("args.{name} has an unsupported type")))
            }
        }
    }

    fn call(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        name: &str,
        args: &[Expr],
    ) -> CgResult<Val<'ctx>> {
        let function = Function::from_name(name)
            .ok_or_else(|| CodegenError(format!("unknown function {name}")))?;
        match function {
            Function::Printf => {
                // The format is compile-time; the record carries the rest.
                self.printf(f, e, &args[1..])?;
                Ok(Val::Void)
            }
            Function::Strncmp => {
                // bpftrace's strncmp: 0 when the first n bytes match, else 1.
                let (Val::Str(a), Val::Str(b)) = (self.expr(f, &args[0])?, self.expr(f, &args[1])?)
                else {
                    return Err(CodegenError("strncmp() without two strings".into()));
                };
                let ExprKind::Int(n) = args[2].kind else {
                    return Err(CodegenError("strncmp() without a literal length".into()));
                };
                let n = u32::try_from(n).unwrap_or(string_size());
                let equal = self.string_equal(a, b, n)?;
                Ok(Val::Int(self.builder.build_xor(
                    equal,
                    self.i64.const_int(1, false),
                    "strncmp",
                )?))
            }
            Function::Memcmp => {
                let (Val::Str(a), Val::Str(b)) = (self.expr(f, &args[0])?, self.expr(f, &args[1])?)
                else {
                    return Err(CodegenError("memcmp() without two strings".into()));
                };
                let ExprKind::Int(n) = args[2].kind else {
                    return Err(CodegenError("memcmp() without a literal length".into()));
                };
                let n = u32::try_from(n).unwrap_or(u32::MAX).min(string_size());
                Ok(Val::Int(self.bytes_difference(a, b, n)?))
            }
            Function::Join => {
                self.join(f, e, &args[0])?;
                Ok(Val::Void)
            }
            Function::Time => {
                // A record with no arguments: user space reads the clock.
                self.printf(f, e, &[])?;
                Ok(Val::Void)
            }
            Function::Exit => {
                self.exit(f, args.first())?;
                Ok(Val::Void)
            }
            // Decided when the script compiled: nothing runs.
            Function::Fail | Function::StaticAssert => Ok(Val::Void),
            Function::TypeTest(_) => match self.analysis.call_info(e) {
                Some(crate::sema::CallInfo::Constant(v)) => {
                    Ok(Val::Int(self.i64.const_int(*v, false)))
                }
                _ => Err(CodegenError(format!("{name}() without its answer"))),
            },
            // The same address; its type says which memory reads use.
            Function::Kptr | Function::Uptr => {
                let p = args
                    .first()
                    .ok_or_else(|| CodegenError(format!("{name}() without a pointer")))?;
                self.expr(f, p)
            }
            Function::Assert => {
                let cond = args
                    .first()
                    .ok_or_else(|| CodegenError("assert() without a condition".into()))?;
                self.assert(f, e, cond)?;
                Ok(Val::Void)
            }
            Function::Find => {
                let element = crate::sema::map_element(args.get(..2).unwrap_or(&[]))
                    .ok_or_else(|| CodegenError("find() without a map element".into()))?;
                let Some(Expr {
                    kind: ExprKind::Var(var),
                    span,
                }) = args.get(2)
                else {
                    return Err(CodegenError("find() without a variable".into()));
                };
                let slot_name = self.slot(var, span);
                let slot = *f
                    .vars
                    .get(slot_name)
                    .ok_or_else(|| CodegenError(format!("variable {var} has no slot")))?;
                self.map_find(f, &element, slot)
            }
            Function::Delete | Function::HasKey => {
                let element = crate::sema::map_element(args)
                    .or_else(|| match args {
                        [
                            Expr {
                                kind: ExprKind::Map(m),
                                ..
                            },
                        ] => Some(m.clone()),
                        _ => None,
                    })
                    .ok_or_else(|| CodegenError(format!("{name}() without a map element")))?;
                if function == Function::HasKey {
                    return self.map_has_key(f, &element);
                }
                Ok(Val::Int(self.map_delete(f, &element)?))
            }
            Function::Print if !matches!(args.first().map(|a| &a.kind), Some(ExprKind::Map(m)) if m.keys.is_empty()) =>
            {
                self.printf(f, e, args)?;
                Ok(Val::Void)
            }
            Function::Len => match args.first() {
                Some(Expr {
                    kind: ExprKind::Map(map),
                    ..
                }) => self.map_len(map),
                Some(stack) => match self.expr(f, stack)? {
                    Val::Tuple(p) => self.stack_len(p),
                    _ => Err(CodegenError("len() of a stack without a buffer".into())),
                },
                None => Err(CodegenError("len() without a map".into())),
            },
            Function::Kstack | Function::Ustack => match self.analysis.type_of(e) {
                Type::Stack(st) => self.stack(f, st),
                _ => Err(CodegenError(format!("{name}() without a stack type"))),
            },
            Function::Ksym | Function::SyscallName | Function::Strerror => {
                Ok(Val::Int(self.expr(f, &args[0])?.int()?))
            }
            Function::Usym => {
                let address = self.expr(f, &args[0])?.int()?;
                self.usym(f, address)
            }
            Function::Kaddr | Function::Uaddr => self.symbol_address(f, e),
            Function::Clear | Function::Zero | Function::Print => {
                self.map_op(f, function, args)?;
                Ok(Val::Void)
            }
            Function::Count
            | Function::Sum
            | Function::Avg
            | Function::Min
            | Function::Max
            | Function::Stats
            | Function::Hist
            | Function::Lhist => Err(CodegenError(format!("{name}() outside a map assignment"))),
            Function::Strftime
            | Function::CgroupPath
            | Function::Path
            | Function::Ntop
            | Function::Macaddr
            | Function::Buf
            | Function::Bswap
            | Function::Strcontains
            | Function::Strstr
            | Function::Strlen
            | Function::Signal
            | Function::SignalThread
            | Function::System
            | Function::Cat
            | Function::Sizeof
            | Function::Offsetof
            | Function::Getopt
            | Function::Cgroupid
            | Function::Nsecs
            | Function::Reg
            | Function::Errorf
            | Function::Warnf => self.function_call(f, e, function, args),
            Function::Str if crate::sema::positional_text(args).is_some() => {
                let (index, skip) = crate::sema::positional_text(args).unwrap_or((1, 0));
                let text = self
                    .analysis
                    .positional
                    .get(index - 1)
                    .cloned()
                    .unwrap_or_default();
                let bytes = text.as_bytes();
                let bytes = bytes.get(skip as usize..).unwrap_or(&[]);
                Ok(Val::Str(self.const_string(
                    f,
                    &bytes[..bytes.len().min(string_size() as usize - 1)],
                )?))
            }
            Function::Str => {
                let src = self.expr(f, &args[0])?.int()?;
                let max = self.i64.const_int(u64::from(string_size()), false);
                let size = match args.get(1) {
                    None => max,
                    Some(len) => {
                        // str(p, n) keeps at most n bytes of the string: read n + 1
                        // (room for the NUL), bounded by the buffer.
                        let n = self.expr(f, len)?.int()?;
                        let n =
                            self.builder
                                .build_int_add(n, self.i64.const_int(1, false), "n1")?;
                        let small =
                            self.builder
                                .build_int_compare(IntPredicate::ULT, n, max, "fits")?;
                        self.builder
                            .build_select(small, n, max, "size")?
                            .into_int_value()
                    }
                };
                let buf = self.alloca_string(f, "str")?;
                self.zero(buf, string_size())?;
                // A pointer whose type says where it points decides; an
                // address without a type goes by the probe's kind.
                let user = match self.analysis.type_of(&args[0]) {
                    Type::KernelPtr(_) => Some(false),
                    Type::UserPtr(_) => Some(true),
                    // A kernel function's argument may point either way
                    // (`do_sys_openat2`'s filename is the caller's).
                    _ if matches!(f.attach, Attach::Kprobe { .. } | Attach::Fentry { .. }) => None,
                    _ => Some(f.user_pointers),
                };
                let helper = if user.is_none() {
                    Helper::ProbeReadStr
                } else if user == Some(true) {
                    Helper::ProbeReadUserStr
                } else {
                    Helper::ProbeReadKernelStr
                };
                let src = self.builder.build_int_to_ptr(src, self.ptr, "src")?;
                self.call_int(helper, &[Arg::Ptr(buf), Arg::Int(size), Arg::Ptr(src)])?;
                Ok(Val::Str(buf))
            }
        }
    }

    fn binary(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
    ) -> CgResult<Val<'ctx>> {
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            return self.short_circuit(f, op, lhs, rhs);
        }
        let signed = matches!(
            (self.analysis.type_of(lhs), self.analysis.type_of(rhs)),
            (Type::Int { signed: true }, Type::Int { signed: true })
        );
        let (l, r) = (self.expr(f, lhs)?, self.expr(f, rhs)?);
        if let Some(arith) = self.analysis.pointer_arith(e) {
            return self
                .pointer_arith(op, l.int()?, r.int()?, arith)
                .map(Val::Int);
        }
        if let (Val::Str(a) | Val::Tuple(a), Val::Str(b) | Val::Tuple(b)) = (l, r) {
            let bytes = self.analysis.compare_bytes(e);
            let eq = if matches!(l, Val::Str(_)) {
                self.string_equal(a, b, bytes)?
            } else {
                self.bytes_equal(a, b, bytes)?
            };
            let v = if op == BinaryOp::Ne {
                self.builder
                    .build_xor(eq, self.i64.const_int(1, false), "ne")?
            } else {
                eq
            };
            return Ok(Val::Int(v));
        }
        let (l, r) = (l.int()?, r.int()?);
        // In 32 bits (C's int and unsigned int): the operands and the result
        // as 32-bit values, extended by the operation's signedness, so that
        // division and right shifts see 32-bit operands and results wrap.
        let wrap = self.analysis.wraps_at_32(e);
        let to_width = |v: IntValue<'ctx>| -> CgResult<IntValue<'ctx>> {
            if !wrap {
                return Ok(v);
            }
            let low = self
                .builder
                .build_int_truncate(v, self.ctx.i32_type(), "low32")?;
            Ok(if signed {
                self.builder.build_int_s_extend(low, self.i64, "sext32")?
            } else {
                self.builder.build_int_z_extend(low, self.i64, "zext32")?
            })
        };
        let (l, r) = (to_width(l)?, to_width(r)?);
        let b = &self.builder;
        let cmp =
            |pred_signed: IntPredicate, pred_unsigned: IntPredicate| -> CgResult<IntValue<'ctx>> {
                let c = b.build_int_compare(
                    if signed { pred_signed } else { pred_unsigned },
                    l,
                    r,
                    "cmp",
                )?;
                Ok(b.build_int_z_extend(c, self.i64, "cmp64")?)
            };
        let v = match op {
            BinaryOp::Add => b.build_int_add(l, r, "add")?,
            BinaryOp::Sub => b.build_int_sub(l, r, "sub")?,
            BinaryOp::Mul => b.build_int_mul(l, r, "mul")?,
            BinaryOp::Div | BinaryOp::Rem if signed => self.signed_div_rem(op, l, r)?,
            BinaryOp::Div => b.build_int_unsigned_div(l, r, "div")?,
            BinaryOp::Rem => b.build_int_unsigned_rem(l, r, "rem")?,
            BinaryOp::BitAnd => b.build_and(l, r, "and")?,
            BinaryOp::BitOr => b.build_or(l, r, "or")?,
            BinaryOp::BitXor => b.build_xor(l, r, "xor")?,
            BinaryOp::Shl => b.build_left_shift(l, r, "shl")?,
            BinaryOp::Shr => b.build_right_shift(l, r, signed, "shr")?,
            BinaryOp::Eq => cmp(IntPredicate::EQ, IntPredicate::EQ)?,
            BinaryOp::Ne => cmp(IntPredicate::NE, IntPredicate::NE)?,
            BinaryOp::Lt => cmp(IntPredicate::SLT, IntPredicate::ULT)?,
            BinaryOp::Le => cmp(IntPredicate::SLE, IntPredicate::ULE)?,
            BinaryOp::Gt => cmp(IntPredicate::SGT, IntPredicate::UGT)?,
            BinaryOp::Ge => cmp(IntPredicate::SGE, IntPredicate::UGE)?,
            BinaryOp::And | BinaryOp::Or => return Err(CodegenError("logical op".into())),
        };
        Ok(Val::Int(to_width(v)?))
    }

    /// C's truncating signed division and remainder, built from unsigned ones:
    /// the BPF ISA before v4 has no signed division.
    pub(super) fn signed_div_rem(
        &self,
        op: BinaryOp,
        l: IntValue<'ctx>,
        r: IntValue<'ctx>,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let zero = self.i64.const_zero();
        let abs = |v: IntValue<'ctx>| -> CgResult<IntValue<'ctx>> {
            let neg = b.build_int_compare(IntPredicate::SLT, v, zero, "isneg")?;
            let flipped = b.build_int_neg(v, "negv")?;
            Ok(b.build_select(neg, flipped, v, "abs")?.into_int_value())
        };
        let (al, ar) = (abs(l)?, abs(r)?);
        let l_neg = b.build_int_compare(IntPredicate::SLT, l, zero, "lneg")?;
        let (magnitude, negate) = if op == BinaryOp::Div {
            let r_neg = b.build_int_compare(IntPredicate::SLT, r, zero, "rneg")?;
            (
                b.build_int_unsigned_div(al, ar, "udiv")?,
                b.build_xor(l_neg, r_neg, "sign")?,
            )
        } else {
            (b.build_int_unsigned_rem(al, ar, "urem")?, l_neg)
        };
        let negated = b.build_int_neg(magnitude, "negm")?;
        Ok(b.build_select(negate, negated, magnitude, "sdiv")?
            .into_int_value())
    }

    fn short_circuit(
        &self,
        f: &mut Func<'ctx, 'a>,
        op: BinaryOp,
        lhs: &Expr,
        rhs: &Expr,
    ) -> CgResult<Val<'ctx>> {
        let result = f.allocas.build_alloca(self.i64, "logic")?;
        let l = self.expr(f, lhs)?.int()?;
        let l = self.truthy(l)?;
        let l64 = self.builder.build_int_z_extend(l, self.i64, "l64")?;
        self.builder.build_store(result, l64)?;
        let eval_rhs = self.ctx.append_basic_block(f.function, "logic_rhs");
        let done = self.ctx.append_basic_block(f.function, "logic_done");
        if op == BinaryOp::And {
            self.builder.build_conditional_branch(l, eval_rhs, done)?;
        } else {
            self.builder.build_conditional_branch(l, done, eval_rhs)?;
        }
        self.builder.position_at_end(eval_rhs);
        let r = self.expr(f, rhs)?.int()?;
        let r = self.truthy(r)?;
        let r64 = self.builder.build_int_z_extend(r, self.i64, "r64")?;
        self.builder.build_store(result, r64)?;
        self.builder.build_unconditional_branch(done)?;
        self.builder.position_at_end(done);
        Ok(Val::Int(
            self.builder
                .build_load(self.i64, result, "logic")?
                .into_int_value(),
        ))
    }

    fn ternary(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        cond: &Expr,
        then: &Expr,
        otherwise: &Expr,
    ) -> CgResult<Val<'ctx>> {
        let ty = self.analysis.type_of(e);
        let is_str = ty == Type::Str;
        // Tuples, timestamps, addresses, buffers: a buffer of their layout.
        let in_memory = ty
            .in_memory()
            .then(|| self.analysis.layout(ty).map_or(8, |k| k.slot_size()));
        // Branches without values (`c ? print(a) : print(b)`) store nothing.
        let slot = match in_memory {
            _ if ty == Type::Void => None,
            _ if is_str => Some(self.alloca_string(f, "cond_str")?),
            Some(size) => Some(self.scratch_bytes(f, size, "cond_value")?),
            None => Some(f.allocas.build_alloca(self.i64, "cond_val")?),
        };
        let c = self.expr(f, cond)?.int()?;
        let c = self.truthy(c)?;
        let then_bb = self.ctx.append_basic_block(f.function, "cond_then");
        let else_bb = self.ctx.append_basic_block(f.function, "cond_else");
        let done = self.ctx.append_basic_block(f.function, "cond_done");
        self.builder.build_conditional_branch(c, then_bb, else_bb)?;
        for (bb, branch) in [(then_bb, then), (else_bb, otherwise)] {
            self.builder.position_at_end(bb);
            let v = self.expr(f, branch)?;
            if let Some(slot) = slot {
                self.store_value(slot, v, in_memory.unwrap_or(string_size()))?;
            }
            self.builder.build_unconditional_branch(done)?;
        }
        self.builder.position_at_end(done);
        let Some(slot) = slot else {
            return Ok(Val::Void);
        };
        if is_str {
            Ok(Val::Str(slot))
        } else if in_memory.is_some() {
            Ok(Val::Tuple(slot))
        } else {
            Ok(Val::Int(
                self.builder
                    .build_load(self.i64, slot, "cond")?
                    .into_int_value(),
            ))
        }
    }

    /// 1 if the first `bytes` bytes of the two buffers are equal, else 0.
    /// Every string buffer is zero after its NUL (each producer zeroes it
    /// first), so comparing 8-byte words decides string equality, and the
    /// first n bytes decide strncmp(a, b, n). A last partial word is masked.
    fn string_equal(
        &self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        self.bytes_equal(a, b, bytes.min(string_size()))
    }

    /// memcmp: the difference of the first bytes that differ among the first
    /// `bytes` (as unsigned chars), 0 when none do. Built from the last byte
    /// back, each byte's difference chosen when it is not zero.
    fn bytes_difference(
        &self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let i8 = self.ctx.i8_type();
        let mut result = self.i64.const_zero();
        for i in (0..bytes).rev() {
            let byte = |p, name| -> CgResult<IntValue<'ctx>> {
                let v = self
                    .builder
                    .build_load(i8, self.byte_offset(p, i)?, name)?
                    .into_int_value();
                Ok(self.builder.build_int_z_extend(v, self.i64, name)?)
            };
            let d = self
                .builder
                .build_int_sub(byte(a, "ca")?, byte(b, "cb")?, "byte_diff")?;
            let differs = self.builder.build_int_compare(
                IntPredicate::NE,
                d,
                self.i64.const_zero(),
                "byte_differs",
            )?;
            result = self
                .builder
                .build_select(differs, d, result, "memcmp")?
                .into_int_value();
        }
        Ok(result)
    }

    /// 1 if the first `bytes` bytes of the two buffers are equal, else 0.
    fn bytes_equal(
        &self,
        a: PointerValue<'ctx>,
        b: PointerValue<'ctx>,
        bytes: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let mut differ = self.i64.const_zero();
        for word in 0..bytes.div_ceil(8) {
            let wa = self
                .builder
                .build_load(self.i64, self.byte_offset(a, word * 8)?, "wa")?
                .into_int_value();
            let wb = self
                .builder
                .build_load(self.i64, self.byte_offset(b, word * 8)?, "wb")?
                .into_int_value();
            let mut x = self.builder.build_xor(wa, wb, "diff")?;
            let tail = bytes - word * 8;
            if tail < 8 {
                // Little-endian: the string's first bytes are the low bytes.
                let mask = self.i64.const_int((1u64 << (8 * tail)) - 1, false);
                x = self.builder.build_and(x, mask, "diff_prefix")?;
            }
            differ = self.builder.build_or(differ, x, "differ")?;
        }
        let same = self.builder.build_int_compare(
            IntPredicate::EQ,
            differ,
            self.i64.const_zero(),
            "same",
        )?;
        Ok(self.builder.build_int_z_extend(same, self.i64, "streq")?)
    }

    /// A USDT argument where its spec puts it, widened to 64 bits as its
    /// size and signedness say.
    fn usdt_argument(
        &self,
        f: &Func<'ctx, 'a>,
        argument: &UsdtArgument,
    ) -> CgResult<IntValue<'ctx>> {
        let raw = match &argument.location {
            UsdtLocation::Constant(c) => return Ok(self.i64.const_int(*c as u64, true)),
            UsdtLocation::Register { pt_regs_offset } => self.register(f, *pt_regs_offset)?,
            UsdtLocation::Memory {
                pt_regs_offset,
                displacement,
            } => {
                let base = self.register(f, *pt_regs_offset)?;
                let address = self.builder.build_int_add(
                    base,
                    self.i64.const_int(*displacement as u64, true),
                    "usdt_address",
                )?;
                let address = self
                    .builder
                    .build_int_to_ptr(address, self.ptr, "usdt_pointer")?;
                let buf = self.scratch_bytes(f, 8, "usdt_value")?;
                self.zero(buf, 8)?;
                self.call_int(
                    Helper::ProbeReadUser,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(self.i64.const_int(u64::from(argument.size), false)),
                        Arg::Ptr(address),
                    ],
                )?;
                self.builder
                    .build_load(self.i64, buf, "usdt_memory")?
                    .into_int_value()
            }
            UsdtLocation::Unsupported { spec, .. } => {
                return Err(CodegenError(format!("unsupported usdt operand {spec}")));
            }
        };
        self.widen(raw, u32::from(argument.size), argument.signed)
    }

    /// `base->member` on a kernel pointer or `base.member` on a kernel struct:
    /// the member's address is the base's plus its offset; integers and
    /// pointers are read from kernel memory, char arrays as strings, and an
    /// embedded struct is just its address.
    fn kernel_member(&self, f: &mut Func<'ctx, 'a>, e: &Expr, base: &Expr) -> CgResult<Val<'ctx>> {
        let read = self
            .analysis
            .member_read(e)
            .ok_or_else(|| CodegenError("member access without a layout".into()))?;
        let base_address = self.expr(f, base)?.int()?;
        self.read_kernel(f, base_address, read)
    }

    /// `p + n`, `n + p`, `p - n` (n scaled by the pointee's size) and `p - q`
    /// (the byte distance divided by it, signed).
    fn pointer_arith(
        &self,
        op: BinaryOp,
        l: IntValue<'ctx>,
        r: IntValue<'ctx>,
        arith: crate::btf_access::PointerArith,
    ) -> CgResult<IntValue<'ctx>> {
        let b = &self.builder;
        let scale = self.i64.const_int(u64::from(arith.scale), false);
        if arith.difference {
            let bytes = b.build_int_sub(l, r, "ptr_diff")?;
            if arith.scale == 1 {
                return Ok(bytes);
            }
            return self.signed_div_rem(BinaryOp::Div, bytes, scale);
        }
        let (pointer, count) = if arith.pointer_right { (r, l) } else { (l, r) };
        let bytes = b.build_int_mul(count, scale, "ptr_scaled")?;
        Ok(if op == BinaryOp::Sub {
            b.build_int_sub(pointer, bytes, "ptr_sub")?
        } else {
            b.build_int_add(pointer, bytes, "ptr_add")?
        })
    }

    /// `base[index]`: the element's address is the base address (the
    /// pointer's value, or for an array member its struct's address plus the
    /// member's offset) plus index times the element's size. A variable index
    /// past an array's length reads 0: the address becomes 0, where a probe
    /// read fails and leaves 0.
    fn index(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        base: &Expr,
        index: &Expr,
    ) -> CgResult<Val<'ctx>> {
        if let Type::Tuple(_) = self.analysis.type_of(base) {
            let ExprKind::Int(i) = index.kind else {
                return Err(CodegenError("a tuple index that is not a constant".into()));
            };
            return self.tuple_element(f, base, &i.to_string());
        }
        let info = self
            .analysis
            .index_read(e)
            .ok_or_else(|| CodegenError("index without a layout".into()))?;
        let base_address = match (&base.kind, info.base) {
            (ExprKind::Field { base: inner, .. }, IndexBase::ArrayMember) => {
                self.expr(f, inner)?.int()?
            }
            (_, IndexBase::ArrayMember) => {
                return Err(CodegenError("array member without a struct".into()));
            }
            (_, IndexBase::TracepointRecord) => {
                self.builder
                    .build_ptr_to_int(f.ctx_arg, self.i64, "record_address")?
            }
            (_, IndexBase::StringValue) => match self.expr(f, base)? {
                Val::Str(buf) => self
                    .builder
                    .build_ptr_to_int(buf, self.i64, "string_address")?,
                _ => return Err(CodegenError("string index of a non-string".into())),
            },
            (_, IndexBase::Pointer) => self.expr(f, base)?.int()?,
        };
        let i = self.expr(f, index)?.int()?;
        let b = &self.builder;
        let scaled = b.build_int_mul(
            i,
            self.i64.const_int(u64::from(info.element_size), false),
            "index_bytes",
        )?;
        let mut address = b.build_int_add(base_address, scaled, "element_base")?;
        if let Some(len) = info.len {
            let inside = b.build_int_compare(
                IntPredicate::ULT,
                i,
                self.i64.const_int(u64::from(len), false),
                "in_bounds",
            )?;
            address = b
                .build_select(inside, address, self.i64.const_zero(), "checked")?
                .into_int_value();
        }
        self.read_kernel(f, address, info.read)
    }

    /// Reads what `read` describes at `base_address + read.offset` in kernel memory.
    fn read_kernel(
        &self,
        f: &mut Func<'ctx, 'a>,
        base_address: IntValue<'ctx>,
        read: crate::btf_access::MemberRead,
    ) -> CgResult<Val<'ctx>> {
        let address = self.builder.build_int_add(
            base_address,
            self.i64.const_int(u64::from(read.offset), false),
            "member_address",
        )?;
        let pointer = self
            .builder
            .build_int_to_ptr(address, self.ptr, "member_pointer")?;
        let (read_bytes, read_str) = if read.user {
            (Helper::ProbeReadUser, Helper::ProbeReadUserStr)
        } else {
            (Helper::ProbeReadKernel, Helper::ProbeReadKernelStr)
        };
        match read.kind {
            MemberKind::Embedded => Ok(Val::Int(address)),
            MemberKind::CharArray { len } => {
                let buf = self.alloca_string(f, "member_string")?;
                self.zero(buf, string_size())?;
                let size = (len + 1).min(string_size());
                self.call_int(
                    read_str,
                    &[
                        Arg::Ptr(buf),
                        Arg::Int(self.i64.const_int(u64::from(size), false)),
                        Arg::Ptr(pointer),
                    ],
                )?;
                Ok(Val::Str(buf))
            }
            MemberKind::Int { .. } | MemberKind::Pointer => {
                let (size, signed) = match read.kind {
                    MemberKind::Int { size, signed } => (size, signed),
                    _ => (8, false),
                };
                let raw = self.read_word(f, read_bytes, pointer, size)?;
                Ok(Val::Int(self.widen(raw, size, signed)?))
            }
            MemberKind::BitField {
                bytes,
                shift,
                bits,
                signed,
            } => {
                let raw = self.read_word(f, read_bytes, pointer, bytes)?;
                // Move the field to the top bits, then back down: the shift
                // back extends the sign or zeros, as the field's type says.
                let above = 64 - u64::from(shift) - u64::from(bits);
                let top = self.builder.build_left_shift(
                    raw,
                    self.i64.const_int(above, false),
                    "bitfield_top",
                )?;
                let down = self.i64.const_int(64 - u64::from(bits), false);
                let value = self
                    .builder
                    .build_right_shift(top, down, signed, "bitfield")?;
                Ok(Val::Int(value))
            }
        }
    }

    /// `size` bytes (1 to 8) read at `pointer` with the helper `read`, in
    /// the low bytes of a zeroed 64-bit word.
    fn read_word(
        &self,
        f: &mut Func<'ctx, 'a>,
        read: Helper,
        pointer: PointerValue<'ctx>,
        size: u32,
    ) -> CgResult<IntValue<'ctx>> {
        let buf = self.scratch_bytes(f, 8, "read_word")?;
        self.zero(buf, 8)?;
        self.call_int(
            read,
            &[
                Arg::Ptr(buf),
                Arg::Int(self.i64.const_int(u64::from(size), false)),
                Arg::Ptr(pointer),
            ],
        )?;
        Ok(self
            .builder
            .build_load(self.i64, buf, "word")?
            .into_int_value())
    }

    /// `$x++`, `--@m[k]`: stores the changed value; gives the old one, or
    /// the new one for the prefix forms.
    fn inc_dec(
        &self,
        f: &mut Func<'ctx, 'a>,
        e: &Expr,
        target: &Expr,
        increment: bool,
        prefix: bool,
    ) -> CgResult<Val<'ctx>> {
        let old = self.expr(f, target)?.int()?;
        let one = self.i64.const_int(1, false);
        let mut new = if increment {
            self.builder.build_int_add(old, one, "inc")?
        } else {
            self.builder.build_int_sub(old, one, "dec")?
        };
        match &target.kind {
            ExprKind::Var(name) => {
                if let Some((bits, signed)) = self.analysis.store_width_at(&e.span) {
                    new = self.narrow(new, bits, signed)?;
                }
                let name = self.slot(name, &target.span);
                let slot = *f
                    .vars
                    .get(name)
                    .ok_or_else(|| CodegenError(format!("variable {name} has no slot")))?;
                self.store_value(slot, Val::Int(new), 8)?;
            }
            ExprKind::Map(map) => self.map_update(f, map, Val::Int(new))?,
            _ => return Err(CodegenError("++ of something not assignable".into())),
        }
        Ok(Val::Int(if prefix { new } else { old }))
    }

    /// `ppid`: `curtask->real_parent->tgid`.
    fn parent_pid(
        &self,
        f: &mut Func<'ctx, 'a>,
        real_parent: u32,
        tgid: u32,
    ) -> CgResult<Val<'ctx>> {
        let int = MemberKind::Int {
            size: 4,
            signed: false,
        };
        self.through_task_pointer(f, real_parent, tgid, int)
    }

    /// `pcomm`: `curtask->group_leader->comm`.
    fn process_comm(
        &self,
        f: &mut Func<'ctx, 'a>,
        group_leader: u32,
        comm: u32,
    ) -> CgResult<Val<'ctx>> {
        let chars = MemberKind::CharArray { len: 16 };
        self.through_task_pointer(f, group_leader, comm, chars)
    }

    /// `curtask->P->M`: the task pointer at offset `pointer` of the current
    /// task, then the member at `member` of that task, two kernel reads.
    fn through_task_pointer(
        &self,
        f: &mut Func<'ctx, 'a>,
        pointer: u32,
        member: u32,
        kind: MemberKind,
    ) -> CgResult<Val<'ctx>> {
        let task = self.call_int(Helper::GetCurrentTask, &[])?;
        let read = |offset, kind| crate::btf_access::MemberRead {
            offset,
            kind,
            user: false,
        };
        let other = self
            .read_kernel(f, task, read(pointer, MemberKind::Pointer))?
            .int()?;
        self.read_kernel(f, other, read(member, kind))
    }

    /// The low `size` bytes of `raw`, extended to 64 bits as `signed` says.
    fn widen(&self, raw: IntValue<'ctx>, size: u32, signed: bool) -> CgResult<IntValue<'ctx>> {
        let narrow = match size {
            8.. => return Ok(raw),
            1 => self.ctx.i8_type(),
            2 => self.ctx.i16_type(),
            _ => self.ctx.i32_type(),
        };
        let low = self.builder.build_int_truncate(raw, narrow, "narrow")?;
        Ok(if signed {
            self.builder.build_int_s_extend(low, self.i64, "sext")?
        } else {
            self.builder.build_int_z_extend(low, self.i64, "zext")?
        })
    }

    /// A register saved in the probe's pt_regs context.
    pub(super) fn register(&self, f: &Func<'ctx, 'a>, offset: u32) -> CgResult<IntValue<'ctx>> {
        let at = self.byte_offset(f.ctx_arg, offset)?;
        Ok(self
            .builder
            .build_load(self.i64, at, "register")?
            .into_int_value())
    }

    /// `(a, b, ...)`: the elements in a buffer, each in its slot.
    fn tuple(&self, f: &mut Func<'ctx, 'a>, e: &Expr, elements: &[Expr]) -> CgResult<Val<'ctx>> {
        let Some(ValueKind::Tuple(layout)) = self.analysis.layout(self.analysis.type_of(e)) else {
            return Err(CodegenError("tuple without a layout".into()));
        };
        let values = elements
            .iter()
            .map(|el| self.expr(f, el))
            .collect::<CgResult<Vec<_>>>()?;
        let size: u32 = layout.iter().map(ValueKind::slot_size).sum();
        let buffer = self.scratch_bytes(f, size, "tuple")?;
        self.zero(buffer, size)?;
        for ((v, kind), offset) in values
            .into_iter()
            .zip(&layout)
            .zip(ValueKind::tuple_offsets(&layout))
        {
            self.store_value(self.byte_offset(buffer, offset)?, v, kind.slot_size())?;
        }
        Ok(Val::Tuple(buffer))
    }

    /// `t.N`: element N of a tuple, read out of its slot.
    fn tuple_element(
        &self,
        f: &mut Func<'ctx, 'a>,
        base: &Expr,
        field: &str,
    ) -> CgResult<Val<'ctx>> {
        let Some(ValueKind::Tuple(layout)) = self.analysis.layout(self.analysis.type_of(base))
        else {
            return Err(CodegenError("tuple without a layout".into()));
        };
        let index: usize = field
            .parse()
            .map_err(|_| CodegenError(format!("tuple element .{field}")))?;
        let offsets = ValueKind::tuple_offsets(&layout);
        let (Some(kind), Some(offset)) = (layout.get(index), offsets.get(index)) else {
            return Err(CodegenError(format!("tuple has no element .{field}")));
        };
        let Val::Tuple(buffer) = self.expr(f, base)? else {
            return Err(CodegenError("tuple value expected".into()));
        };
        let at = self.byte_offset(buffer, *offset)?;
        Ok(match kind {
            ValueKind::Int { .. }
            | ValueKind::Bool
            | ValueKind::Enum { .. }
            | ValueKind::MacAddr => Val::Int(
                self.builder
                    .build_load(self.i64, at, "element")?
                    .into_int_value(),
            ),
            ValueKind::Str { size } => {
                let out = self.alloca_string(f, "element")?;
                self.zero(out, string_size())?;
                self.copy_bytes(out, at, *size)?;
                Val::Str(out)
            }
            ValueKind::Tuple(_)
            | ValueKind::Record { .. }
            | ValueKind::Stack(_)
            | ValueKind::Usym
            | ValueKind::Inet
            | ValueKind::Buffer { .. }
            | ValueKind::Timestamp { .. }
            | ValueKind::CgroupPath { .. } => Val::Tuple(at),
            ValueKind::Ksym
            | ValueKind::SyscallName
            | ValueKind::Strerror
            | ValueKind::Username => Val::Int(
                self.builder
                    .build_load(self.i64, at, "element")?
                    .into_int_value(),
            ),
        })
    }

    /// Strings cheap to write straight into a key or record slot, saving a
    /// temporary buffer: `comm` and literals.
    pub fn writes_in_place(&self, e: &Expr) -> bool {
        matches!(&e.kind, ExprKind::Str(_))
            || matches!(&e.kind, ExprKind::Builtin(b) if b == "comm")
    }

    /// Writes such a string into `slot` bytes at `at`, which are already zero.
    pub fn write_in_place(&self, e: &Expr, at: PointerValue<'ctx>, slot: u32) -> CgResult<()> {
        match &e.kind {
            ExprKind::Str(bytes) => {
                let mut padded = bytes.clone();
                padded.resize(slot as usize, 0);
                for (i, chunk) in padded.chunks(8).enumerate() {
                    let mut word = [0u8; 8];
                    word[..chunk.len()].copy_from_slice(chunk);
                    if word != [0; 8] {
                        let to = self.byte_offset(at, (i * 8) as u32)?;
                        self.builder
                            .build_store(to, self.i64.const_int(u64::from_le_bytes(word), false))?;
                    }
                }
                Ok(())
            }
            _ => {
                self.call_int(
                    Helper::GetCurrentComm,
                    &[
                        Arg::Ptr(at),
                        Arg::Int(self.i64.const_int(u64::from(slot.min(16)), false)),
                    ],
                )?;
                Ok(())
            }
        }
    }

    /// A string buffer holding constant bytes, written 8 bytes at a time.
    pub(super) fn const_string(
        &self,
        f: &Func<'ctx, 'a>,
        bytes: &[u8],
    ) -> CgResult<PointerValue<'ctx>> {
        let buf = self.alloca_string(f, "const_str")?;
        let mut padded = bytes.to_vec();
        padded.resize(string_size() as usize, 0);
        for (i, chunk) in padded.chunks(8).enumerate() {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            let at = self.byte_offset(buf, (i * 8) as u32)?;
            self.builder
                .build_store(at, self.i64.const_int(u64::from_le_bytes(word), false))?;
        }
        Ok(buf)
    }

    pub fn byte_offset(
        &self,
        base: PointerValue<'ctx>,
        offset: u32,
    ) -> CgResult<PointerValue<'ctx>> {
        if offset == 0 {
            return Ok(base);
        }
        // SAFETY: callers only index inside buffers of known size.
        Ok(unsafe {
            self.builder.build_gep(
                self.i8,
                base,
                &[self.i64.const_int(u64::from(offset), false)],
                "at",
            )?
        })
    }

    pub fn zero(&self, p: PointerValue<'ctx>, size: u32) -> CgResult<()> {
        for (offset, len) in inline_chunks(size) {
            self.builder.build_memset(
                self.chunk_at(p, offset)?,
                8,
                self.i8.const_zero(),
                self.i64.const_int(u64::from(len), false),
            )?;
        }
        Ok(())
    }

    /// `p + offset` for a piece of `inline_chunks`, hidden from LLVM after
    /// the first, which would otherwise merge the pieces back into one.
    fn chunk_at(&self, p: PointerValue<'ctx>, offset: u32) -> CgResult<PointerValue<'ctx>> {
        let at = self.byte_offset(p, offset)?;
        if offset == 0 {
            return Ok(at);
        }
        Ok(self.opaque(at.into())?.into_pointer_value())
    }

    pub fn copy_bytes(
        &self,
        dst: PointerValue<'ctx>,
        src: PointerValue<'ctx>,
        size: u32,
    ) -> CgResult<()> {
        for (offset, len) in inline_chunks(size) {
            self.builder
                .build_memcpy(
                    self.chunk_at(dst, offset)?,
                    8,
                    self.chunk_at(src, offset)?,
                    8,
                    self.i64.const_int(u64::from(len), false),
                )
                .map_err(|e| CodegenError(e.to_string()))?;
        }
        Ok(())
    }
}

impl<'ctx, 'a> Gen<'ctx, 'a> {
    /// The current process id (the thread id with `thread`) as Sonde's pid
    /// namespace sees it: from bpf_get_current_pid_tgid in the initial
    /// namespace, else from bpf_get_ns_current_pid_tgid (0 for a task
    /// outside the namespace).
    pub(super) fn current_id(&self, f: &Func<'ctx, 'a>, thread: bool) -> CgResult<IntValue<'ctx>> {
        let Some((dev, ino)) = self.analysis.pid_namespace else {
            let v = self.call_int(Helper::GetCurrentPidTgid, &[])?;
            return Ok(if thread {
                self.builder
                    .build_and(v, self.i64.const_int(0xffff_ffff, false), "tid")?
            } else {
                self.builder
                    .build_right_shift(v, self.i64.const_int(32, false), false, "pid")?
            });
        };
        // struct bpf_pidns_info { u32 pid; u32 tgid; }: the thread, then the process.
        let info = f.allocas.build_alloca(self.i64, "pidns_info")?;
        self.builder.build_store(info, self.i64.const_zero())?;
        self.call_int(
            Helper::GetNsCurrentPidTgid,
            &[
                Arg::Int(self.i64.const_int(dev, false)),
                Arg::Int(self.i64.const_int(ino, false)),
                Arg::Ptr(info),
                Arg::Int(self.i64.const_int(8, false)),
            ],
        )?;
        let at = if thread {
            info
        } else {
            self.byte_offset(info, 4)?
        };
        let id = self
            .builder
            .build_load(self.i32, at, if thread { "ns_tid" } else { "ns_pid" })?
            .into_int_value();
        Ok(self.builder.build_int_z_extend(id, self.i64, "id")?)
    }
}

/// (offset, length) pieces of `size` bytes that the BPF backend writes out
/// as stores (up to 128 of 8 bytes): it turns a longer memset or memcpy into
/// a call to the C library, which BPF does not have (a record holding a
/// 1 KiB string with `max_strlen = 1024`).
fn inline_chunks(size: u32) -> impl Iterator<Item = (u32, u32)> {
    const CHUNK: u32 = 1024;
    (0..size.div_ceil(CHUNK)).map(move |i| (i * CHUNK, (size - i * CHUNK).min(CHUNK)))
}
