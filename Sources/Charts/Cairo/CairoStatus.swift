internal import CCairo

/// The one place cairo statuses are turned into errors.
enum CairoStatus {
    /// Throws ``ChartsError/cairo(operation:status:)`` unless `status` is success.
    static func check(_ status: cairo_status_t, _ operation: String) throws(ChartsError) {
        guard status != CAIRO_STATUS_SUCCESS else { return }
        let text = cairo_status_to_string(status).map { String(cString: $0) } ?? "status \(status.rawValue)"
        throw ChartsError.cairo(operation: operation, status: text)
    }
}
