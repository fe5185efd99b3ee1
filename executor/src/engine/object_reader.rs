//! Reading an object's bytes as a stream, decompressed on the fly (gzip, zstd).

use super::format::Compression;
use super::store::describe;
use crate::error::{Error, Result};
use async_compression::tokio::bufread::{GzipDecoder, ZstdDecoder};
use object_store::{ObjectMeta, ObjectStore, ObjectStoreExt};
use tokio::io::{AsyncRead, AsyncReadExt};
use tokio_util::io::StreamReader;

/// An object's bytes, decompressed, as a stream.
pub type Input = Box<dyn AsyncRead + Send + Unpin>;

/// The object's bytes, decompressed.
pub async fn open(
    store: &dyn ObjectStore,
    meta: &ObjectMeta,
    uri: &str,
    compression: Compression,
) -> Result<Input> {
    let got = store.get(&meta.location).await.map_err(|e| Error::Input {
        uri: uri.to_string(),
        message: describe(&e),
    })?;
    let bytes = StreamReader::new(got.into_stream());
    Ok(match compression {
        Compression::None => Box::new(bytes),
        Compression::Gzip => {
            let mut decoder = GzipDecoder::new(bytes);
            decoder.multiple_members(true);
            Box::new(decoder)
        }
        Compression::Zstd => {
            let mut decoder = ZstdDecoder::new(bytes);
            decoder.multiple_members(true);
            Box::new(decoder)
        }
    })
}

/// One line about a failed read of `uri`.
pub fn read_error(uri: &str, error: std::io::Error) -> Error {
    let store_error = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<object_store::Error>());
    let message = match store_error {
        Some(e) => describe(e),
        None => {
            let text = error.to_string();
            let line = text.lines().next().unwrap_or_default().trim().to_string();
            format!("cannot read it: {line}")
        }
    };
    Error::Input {
        uri: uri.to_string(),
        message,
    }
}

/// The first `limit` bytes of the object, decompressed (fewer when it is shorter).
pub async fn read_start(
    store: &dyn ObjectStore,
    meta: &ObjectMeta,
    uri: &str,
    compression: Compression,
    limit: usize,
) -> Result<Vec<u8>> {
    let input = open(store, meta, uri, compression).await?;
    let mut sample = Vec::with_capacity(limit.min(1 << 20));
    input
        .take(limit as u64)
        .read_to_end(&mut sample)
        .await
        .map_err(|e| read_error(uri, e))?;
    Ok(sample)
}
