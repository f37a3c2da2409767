/// One named step of the build pipeline (Publish-style): errors it throws are reported with the
/// step's name.
struct BuildStep: Sendable {
    var name: String
    var run: @Sendable (inout BuildContext) async throws -> Void
}
