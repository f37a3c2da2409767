internal import CCurl
internal import Foundation

/// One libcurl easy handle, freed in deinit. Every curl status goes through ``check(_:_:)``.
final class CurlHandle {
    private let handle: UnsafeMutableRawPointer
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    /// libcurl keeps this pointer for the handle's life, so it is allocated, not an array.
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    let source: String

    private static let globalInit: Bool = curl_global_init(3) == CURLE_OK  // CURL_GLOBAL_ALL

    init(source: String) throws(DeliveryError) {
        guard Self.globalInit, let handle = curl_easy_init() else {
            throw DeliveryError(source: source, message: "libcurl could not be initialised", transient: false)
        }
        self.handle = handle
        self.source = source
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
        for list in lists { curl_slist_free_all(list) }
    }

    /// The one place a curl status becomes an error.
    func check(_ code: CURLcode, _ what: String) throws(DeliveryError) {
        guard code != CURLE_OK else { return }
        let detail = String(cString: errorBuffer)
        let text = String(cString: curl_easy_strerror(code))
        let transient: Bool = switch code {
        case CURLE_LOGIN_DENIED, CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_USE_SSL_FAILED,
             CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE: false
        default: true
        }
        throw DeliveryError(source: source, message: "\(what): \(text)" + (detail.isEmpty || detail == text ? "" : " (\(detail))"), transient: transient)
    }

    func set(_ option: CURLoption, _ value: Int) throws(DeliveryError) {
        try check(espice_curl_setopt_long(handle, option, value), "setting option \(option.rawValue)")
    }

    func set(_ option: CURLoption, _ value: String) throws(DeliveryError) {
        // libcurl copies string options (since 7.17).
        try check(value.withCString { espice_curl_setopt_string(handle, option, $0) }, "setting option \(option.rawValue)")
    }

    func set(_ option: CURLoption, list values: [String]) throws(DeliveryError) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        for value in values { list = curl_slist_append(list, value) }
        guard let list else { return }
        lists.append(list)
        try check(espice_curl_setopt_slist(handle, option, list), "setting option \(option.rawValue)")
    }

    /// Runs the transfer: `upload` is read as the request body (SMTP message or HTTP POST body);
    /// returns the response body.
    func perform(upload: Data?, what: String) throws(DeliveryError) -> Data {
        let box = TransferBox(upload: upload ?? Data())
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        let pointer = unmanaged.toOpaque()
        try check(espice_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)), "setting the error buffer")
        if upload != nil {
            try check(espice_curl_setopt_callback(handle, CURLOPT_READFUNCTION, curlRead), "setting the read callback")
            try check(espice_curl_setopt_pointer(handle, CURLOPT_READDATA, pointer), "setting the read data")
        }
        try check(espice_curl_setopt_callback(handle, CURLOPT_WRITEFUNCTION, curlWrite), "setting the write callback")
        try check(espice_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, pointer), "setting the write data")
        try set(CURLOPT_NOSIGNAL, 1)
        errorBuffer[0] = 0
        try check(curl_easy_perform(handle), what)
        return box.received
    }

    func responseCode() throws(DeliveryError) -> Int {
        var code = 0
        try check(espice_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code), "reading the response code")
        return code
    }
}

private final class TransferBox {
    let upload: Data
    var offset = 0
    var received = Data()
    init(upload: Data) { self.upload = upload }
}

private func curlRead(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userdata else { return 0 }
    let box = Unmanaged<TransferBox>.fromOpaque(userdata).takeUnretainedValue()
    let n = min(size * count, box.upload.count - box.offset)
    guard n > 0 else { return 0 }
    box.upload.withUnsafeBytes { raw in
        let start = raw.baseAddress!.advanced(by: box.offset)
        UnsafeMutableRawPointer(buffer).copyMemory(from: start, byteCount: n)
    }
    box.offset += n
    return n
}

private func curlWrite(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ userdata: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let userdata else { return 0 }
    let box = Unmanaged<TransferBox>.fromOpaque(userdata).takeUnretainedValue()
    let n = size * count
    if box.received.count < 1_048_576 { box.received.append(UnsafeRawPointer(buffer).assumingMemoryBound(to: UInt8.self), count: n) }
    return n
}
