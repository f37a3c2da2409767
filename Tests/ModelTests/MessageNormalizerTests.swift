import Model
import Testing

@Suite("Error message normalisation")
struct MessageNormalizerTests {
    @Test("ids become X and digit runs N, in ASCII and in other scripts", arguments: [
        ("Timed out after 30000 ms (job 3f2a9c1d7e)", "Timed out after N ms (job X)"),
        ("user_42abc failed", "user_Nabc failed"),
        ("deadbeefcafe", "X"),
        ("deadbee", "deadbee"),
        ("ÄÖÜ123 kaputt", "ÄÖÜN kaputt"),
        ("Fehler ٣٤ in Zeile 7", "Fehler N in Zeile N"),
        ("山田42号", "山田N号"),
        ("no digits here!", "no digits here!"),
    ])
    func normalizes(message: String, expected: String) {
        #expect(MessageNormalizer.normalize(message) == expected)
    }
}
