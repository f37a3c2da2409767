import Mustache
import Testing

@testable import Site

/// The views that answer Mustache's key lookups themselves must answer as reflection would:
/// every field by its name, with its value, and nothing else.
@Suite("view lookups")
struct ViewLookupTests {
    static var views: [any MustacheParent] { [
        CellView(text: "1,234", numeric: true, value: "1234", href: "services/ocr/", hasHref: true),
        CellView(text: "ocr", numeric: false),
        RowView(cells: [CellView(text: "a", numeric: false)]),
        ColumnView("spice_model_generated"),
        LinkView(label: "7 days", href: "../7d/", current: true),
        KPIView(label: "Events", value: "12", change: "+3 %", direction: "up", goodWhenUp: true, hasChange: true),
    ] }

    @Test("each field is found by its name with the value reflection shows, and other names are not found", arguments: 0..<6)
    func fieldsByName(index: Int) throws {
        let view = Self.views[index]
        let fields = Mirror(reflecting: view).children
        #expect(!fields.isEmpty)
        for field in fields {
            let label = try #require(field.label)
            let found = try #require(view.child(named: label), "\(type(of: view)).\(label) is not found")
            #expect(String(describing: found) == String(describing: field.value), "\(type(of: view)).\(label)")
        }
        #expect(view.child(named: "title") == nil)
        #expect(view.child(named: "") == nil)
    }

    @Test("a table row renders the same through the lookups as through reflection")
    func rendersAsReflection() throws {
        let template = try MustacheTemplate(
            string: "{{#rows}}<tr>{{#cells}}<td{{#numeric}} data-value=\"{{value}}\"{{/numeric}}>{{#hasHref}}<a href=\"{{href}}\">{{text}}</a>{{/hasHref}}{{^hasHref}}{{text}}{{/hasHref}} {{caption}}</td>{{/cells}}</tr>{{/rows}}")
        let row = RowView(cells: [
            CellView(text: "<b>", numeric: false, href: "x/", hasHref: true), CellView(text: "7", numeric: true, value: "7"),
        ])
        // Written by hand: the caption comes from the enclosing context, the text is escaped.
        let expected = "<tr><td><a href=\"x/\">&lt;b&gt;</a> T</td><td data-value=\"7\">7 T</td></tr>"
        #expect(template.render(["rows": [row], "caption": "T"] as [String: Any]) == expected)
    }
}
