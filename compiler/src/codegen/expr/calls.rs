//! Calls: each builtin function to the code it emits.

use super::Val;
use crate::ast::{Expr, ExprKind};
use crate::builtins::Function;
use crate::codegen::helpers::{Arg, Helper};
use crate::codegen::{CgResult, CodegenError, Func, Gen};
use crate::script::Attach;
use crate::sema::CallInfo;
use crate::types::Type;
use inkwell::IntPredicate;

impl<'ctx, 'a> Gen<'ctx, 'a> {
    pub(super) fn call(
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
                let n = u32::try_from(n).unwrap_or(self.analysis.string_size);
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
                let n = u32::try_from(n)
                    .unwrap_or(u32::MAX)
                    .min(self.analysis.string_size);
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
            Function::Fail | Function::StaticAssert | Function::AssertStr => Ok(Val::Void),
            Function::Config => Err(CodegenError("config() outside config().NAME".into())),
            Function::IsArray
            | Function::IsInteger
            | Function::IsLiteral
            | Function::IsPtr
            | Function::IsStr
            | Function::IsUnsignedInteger => match self.analysis.call_info(e) {
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
            Function::IsErr => {
                // IS_ERR_VALUE: the top 4095 values, -4095 to -1 when signed.
                let p = args
                    .first()
                    .ok_or_else(|| CodegenError("is_err() without a pointer".into()))?;
                let value = self.expr(f, p)?.int()?;
                let above = self.builder.build_int_compare(
                    IntPredicate::UGE,
                    value,
                    self.i64.const_int(-4095_i64 as u64, false),
                    "is_err",
                )?;
                Ok(Val::Int(
                    self.builder
                        .build_int_z_extend(above, self.i64, "is_err64")?,
                ))
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
                    id,
                    ..
                }) = args.get(2)
                else {
                    return Err(CodegenError("find() without a variable".into()));
                };
                let slot_name = self.slot(var, *id);
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
            Function::Kstack | Function::Ustack | Function::DwUstack => {
                match self.analysis.type_of(e) {
                    Type::Stack(st) => self.stack(f, st),
                    _ => Err(CodegenError(format!("{name}() without a stack type"))),
                }
            }
            Function::Ksym | Function::SyscallName | Function::Strerror => {
                Ok(Val::Int(self.expr(f, &args[0])?.int()?))
            }
            Function::Usym => {
                let address = self.expr(f, &args[0])?.int()?;
                self.usym(f, address)
            }
            Function::Kaddr | Function::Uaddr => self.symbol_address(f, e),
            Function::PercpuKaddr => self.percpu_address(f, e, args),
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
            | Function::Lhist
            | Function::Tseries => Err(CodegenError(format!("{name}() outside a map assignment"))),
            Function::Strftime => self.strftime_call(f, e, function, args),
            Function::Path => self.path_call(f, e, function, args),
            Function::CgroupPath => self.cgroup_path_call(f, e, function, args),
            Function::System | Function::Cat | Function::Errorf | Function::Warnf => {
                self.format_record_call(f, e, function, args)
            }
            Function::Sizeof
            | Function::Offsetof
            | Function::Getopt
            | Function::Cgroupid
            | Function::Strcap
            | Function::SignalNum
            | Function::KfuncExist => self.constant_call(f, e, function, args),
            Function::Nsecs => self.nsecs_call(f, e, function, args),
            Function::Debugf => self.debugf_call(f, e, args),
            // The member's address minus its offset, which sema found.
            Function::ContainerOf => {
                let Some(CallInfo::Constant(offset)) = self.analysis.call_info(e).copied() else {
                    return Err(CodegenError("container_of() without its offset".into()));
                };
                let pointer = args
                    .first()
                    .ok_or_else(|| CodegenError("container_of() without a pointer".into()))?;
                let address = self.expr(f, pointer)?.int()?;
                Ok(Val::Int(self.builder.build_int_sub(
                    address,
                    self.i64.const_int(offset, false),
                    "container",
                )?))
            }
            Function::Reg => self.reg_call(f, e, function, args),
            Function::Bswap => self.bswap_call(f, e, function, args),
            Function::Pton => self.pton_call(f, e),
            Function::Ntop => self.ntop_call(f, e, function, args),
            Function::Macaddr => self.macaddr_call(f, e, function, args),
            Function::Buf => self.buf_call(f, e, function, args),
            Function::Strcontains | Function::Strstr => {
                self.string_search_call(f, e, function, args)
            }
            Function::Strlen => self.strlen_call(f, e, function, args),
            Function::StrConcat => self.str_concat_call(f, e, args),
            Function::Signal | Function::SignalThread => self.signal_call(f, e, function, args),
            Function::SignalName => self.signal_name_call(f, args),
            // str($N): sema worked out the text.
            Function::Str if matches!(self.analysis.call_info(e), Some(CallInfo::Text(_))) => {
                self.constant_call(f, e, function, args)
            }
            Function::Str => {
                let src = self.expr(f, &args[0])?.int()?;
                // str(p) reads max_strlen characters and one byte more: a
                // string that fills them prints with str_trunc_trailer.
                let max_strlen = u64::from(
                    self.analysis
                        .max_strlen
                        .clamp(8, crate::script::MAX_STRING_SIZE),
                );
                let max = self.i64.const_int(max_strlen + 1, false);
                let size = match args.get(1) {
                    None => max,
                    Some(len) => {
                        // str(p, n) reads n bytes, its NUL among them (n - 1
                        // characters at most, no trailer, as bpftrace 0.27;
                        // 0.17 kept n); a larger n is plain str(p).
                        let n = self.expr(f, len)?.int()?;
                        let limit = self.i64.const_int(max_strlen, false);
                        let small =
                            self.builder
                                .build_int_compare(IntPredicate::ULE, n, limit, "fits")?;
                        self.builder
                            .build_select(small, n, max, "size")?
                            .into_int_value()
                    }
                };
                let buf = self.alloca_string(f, "str")?;
                self.zero(buf, self.analysis.string_size)?;
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
}
