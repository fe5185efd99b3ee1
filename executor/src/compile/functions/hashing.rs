//! Hashing and encoding functions: text as its UTF-8 bytes, digests as lower-case hex;
//! null stays null, and input that does not decode gives null rather than an error.

use super::helpers::{only_where, text, unknown, Args};
use super::Call;
use crate::compile::error::Result;
use crate::udf;
use datafusion::arrow::datatypes::DataType;
use datafusion::functions::expr_fn as f;
use datafusion::logical_expr::{cast, lit, try_cast, Expr};

/// Canonical standard Base64, padded or not: whole groups of four, then a last group whose
/// unused bits are zero (what the decoder accepts).
const BASE64: &str =
    r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/][AQgw](?:==)?|[A-Za-z0-9+/]{2}[AEIMQUYcgkosw048]=?)?$";

/// Hex digits in pairs.
const HEX: &str = r"^(?:[0-9A-Fa-f]{2})*$";

pub(super) fn compile(args: Vec<Expr>, call: &Call) -> Result<Expr> {
    let mut a = Args::new(args, call);
    // Bytes as text; null where they are not UTF-8.
    let utf8 = |bytes: Expr| try_cast(bytes, DataType::Utf8);
    Ok(match call.def.name {
        "md5" => cast(f::md5(text(a.next()?)), DataType::Utf8),
        "sha1" => udf::sha1::sha1().call(vec![text(a.next()?)]),
        "sha256" => f::encode(f::sha256(text(a.next()?)), lit("hex")),
        "sha512" => f::encode(f::sha512(text(a.next()?)), lit("hex")),
        "crc32" => udf::crc32::crc32().call(vec![text(a.next()?)]),
        "hash" => udf::hash::hash().call(vec![a.next()?]),
        "uuid" => f::uuid(),
        "base64_encode" => f::encode(text(a.next()?), lit("base64pad")),
        "base64_decode" => {
            let t = text(a.next()?);
            let valid = f::regexp_like(t.clone(), lit(BASE64), None);
            only_where(valid, utf8(f::decode(t, lit("base64"))), call)?
        }
        "hex_encode" => f::encode(text(a.next()?), lit("hex")),
        "hex_decode" => {
            let t = text(a.next()?);
            let valid = f::regexp_like(t.clone(), lit(HEX), None);
            only_where(valid, utf8(f::decode(t, lit("hex"))), call)?
        }
        "url_encode" => udf::url_encode::url_encode().call(vec![text(a.next()?)]),
        "url_decode" => udf::url_decode::url_decode().call(vec![text(a.next()?)]),
        _ => return Err(unknown(call)),
    })
}
