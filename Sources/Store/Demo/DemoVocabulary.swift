/// The names the demo draws from: ESpice's services, device types, complexities, error types
/// and messages (with the ids and numbers that message normalisation folds away).
enum DemoVocabulary {
    static let services = [
        "pdf-service", "ocr-service", "parameter-extractor", "spice-generator", "model-validator", "api-gateway",
    ]

    static let deviceTypes = WeightedTable<String>([
        ("GaN-HEMT", 30), ("SiC-MOSFET", 25), ("Si-MOSFET", 18), ("IGBT", 12), ("GaN-FET", 8), ("Diode", 5),
        ("BJT", 2),
    ])

    static let complexities = WeightedTable<String>([
        ("basic", 35), ("intermediate", 40), ("advanced", 20), ("expert", 5),
    ])

    /// Parameters extracted per complexity: a range to draw from.
    static func parameterRange(_ complexity: String) -> ClosedRange<Int> {
        switch complexity {
        case "basic": 8...15
        case "intermediate": 15...25
        case "advanced": 25...40
        default: 40...60
        }
    }

    /// Feature-usage events (anything that is neither processed, error nor model generated).
    static let featureEvents = WeightedTable<(String, String)>([
        (("page_view", "api-gateway"), 12), (("document_uploaded", "pdf-service"), 10),
        (("user_login", "api-gateway"), 5), (("parameter_extraction_started", "parameter-extractor"), 5),
        (("model_downloaded", "api-gateway"), 4), (("report_viewed", "api-gateway"), 3),
        (("datasheet_search", "api-gateway"), 2),
    ])

    /// Which service processes documents, by weight.
    static let processingServices = WeightedTable<String>([
        ("pdf-service", 45), ("ocr-service", 30), ("parameter-extractor", 25),
    ])

    static let modelServices = WeightedTable<String>([("spice-generator", 80), ("model-validator", 20)])

    /// An error type for a failing service, and a message with run-specific numbers and ids.
    static func error(for service: String, largeFile: Bool, random: inout SeededRandom) -> (type: String, message: String) {
        if largeFile && random.chance(0.6) {
            return ("memory_limit", "Worker exceeded memory limit (\(random.int(2048...8192)) MB)")
        }
        switch service {
        case "ocr-service" where random.chance(0.7):
            return ("ocr_failure", "Text extraction failed on page \(random.int(1...240))")
        case "parameter-extractor" where random.chance(0.6):
            let parameter = ["Vth", "Rds_on", "Ciss", "Qg", "BVdss"][random.int(0...4)]
            return ("parameter_missing", "Required parameter \(parameter) not found in datasheet \(hex(&random))")
        default:
            switch random.int(0...2) {
            case 0: return ("timeout", "Processing timed out after \(random.int(30...120) * 1000) ms (job \(hex(&random)))")
            case 1: return ("invalid_pdf", "Invalid PDF structure at offset \(random.int(1024...9_999_999))")
            default: return ("ocr_failure", "Text extraction failed on page \(random.int(1...240))")
            }
        }
    }

    static func hex(_ random: inout SeededRandom) -> String {
        let value = random.next() & 0xFFFF_FFFF_FFFF
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    /// A few thousand user ids; the busiest ones include non-Latin names.
    static func userIds(count: Int) -> [String] {
        let named = ["山田太郎", "Jürgen Groß", "Zoë Ólafsdóttir", "Анна Петрова", "li.wei@espice.dev", "ana-lucía"]
        return (0..<count).map { index in
            index % 2 == 1 && index / 2 < named.count ? named[index / 2] : "u-\(1000 + index)"
        }
    }
}
