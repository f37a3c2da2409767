extension EventDecoder {
    /// The time ``decode(_:receivedAt:texts:)`` would give the event of `bytes`, read without
    /// decoding it: the top-level object is walked and validated as JSON, but only `timestamp` is
    /// read; every other value is skipped, and no string is made. Nil when the bytes are not a
    /// JSON object or the timestamp breaks the rules (the whole decode then says why).
    ///
    /// Why: a large import in random time order sorts its lines by time before storing them
    /// (`TimeOrderedRuns`); decoding every line while the file is read cost most of that first
    /// phase, and the lines are decoded anyway when they are stored, on a core the storing
    /// leaves free. A line whose other fields break a rule still gets a time here; it is refused
    /// when it is decoded.
    public func sortTime(_ bytes: UnsafeBufferPointer<UInt8>, receivedAt: Int64) -> Int64? {
        var scanner = JSONScanner(bytes)
        var timestamp: RawValue?
        do throws(JSONSyntaxError) {
            guard try scanner.peek() == UInt8(ascii: "{") else { return nil }
            try scanner.beginObject()
            var first = true
            while let key = try scanner.nextKey(first: &first) {
                // The decoder's reading of keys: unescaped by length and bytes, escaped ones decoded.
                let isTimestamp =
                    key.hasEscapes
                    ? try scanner.string(key) == "timestamp"
                    : key.range.count == 9 && scanner.key(key, is: "timestamp")
                if isTimestamp {
                    // A number's text is only wanted for a message: not made here.
                    let isNumber = try scanner.peek() != UInt8(ascii: "\"")
                    timestamp = try isNumber ? readValue(&scanner) : readTimestamp(&scanner)
                } else {
                    try scanner.skipValue()
                }
            }
            try scanner.expectEnd()
        } catch {
            return nil
        }
        do throws(EventValidationError) {
            return try EventParts.time(timestamp, receivedAt: receivedAt)
        } catch {
            return nil
        }
    }
}
