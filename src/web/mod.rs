//! wasm layer (placeholder)
