/// The two cases of Store's `ImportError` that the CSV reading files compiled into the `csv`
/// fuzz target throw (the real type, in ImportTypes.swift, also names StoreError, which would
/// bring the whole store and GRDB into the target).
enum ImportError: Error {
    case unreadable(path: String, reason: String)
    case badHeader(file: String, reason: String)
}
