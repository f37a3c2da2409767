/// What every slug must be, whatever the name it was made from: it becomes a file name and a
/// URL path segment of the site.
enum SlugCheck {
    static func check(_ slug: String, of name: String) {
        let allowed = slug.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "-") }
        if slug.isEmpty || slug.utf8.count > 80 || !allowed || slug.hasPrefix("-") {
            fatalError("slug \(slug.debugDescription) of \(name.debugDescription)")
        }
    }
}
