internal import Foundation
internal import Model

/// A workbook written part by part into a zip (``ZipArchive``) without libxlsxwriter: what
/// ``XLSXWriter`` uses for reports with long tables. A 90-day user_activity list of a busy site
/// has millions of rows; libxlsxwriter formats each cell with `fprintf` into a temporary file and
/// deflates that at zlib's default level, which made the workbook the longest file of a nightly
/// build (issue 16). Here each row is written as bytes straight into the sheet's deflate stream
/// (igzip, level 1). The workbook holds the same: one sheet per table (long ones continued on
/// numbered sheets), numbers as numbers, text inline and neutralised, the header bold and
/// frozen, an autofilter, column widths fitted to the content, the title and creation time.
enum XLSXPackage {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationships = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// One sheet: its name, its table's columns and widths, and which rows of the table it holds.
    struct Sheet {
        var name: String
        var table: Int
        var rows: Range<Int>
        var widths: [Int]
    }

    static func write(
        _ tables: [ReportTable], to path: String, title: String, createdAt: Int64, sheets: [Sheet], inPlace: Bool = false
    ) throws(ExportsError) {
        let zip = try ZipArchive(path: path, inPlace: inPlace)
        try zip.add("[Content_Types].xml", contentTypes(sheets.count))
        try zip.add("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(packageRelationships)">\
            <Relationship Id="rId1" Type="\(relationships)/officeDocument" Target="xl/workbook.xml"/>\
            <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>\
            <Relationship Id="rId3" Type="\(relationships)/extended-properties" Target="docProps/app.xml"/>\
            </Relationships>
            """)
        try zip.add("docProps/app.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>ESpice Analytics</Application></Properties>
            """)
        let created = Timestamp.iso8601(createdAt * 1000)
        try zip.add("docProps/core.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
            xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" \
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\
            <dc:title>\(XMLText.escaped(title))</dc:title>\
            <dcterms:created xsi:type="dcterms:W3CDTF">\(created)</dcterms:created>\
            <dcterms:modified xsi:type="dcterms:W3CDTF">\(created)</dcterms:modified>\
            </cp:coreProperties>
            """)
        try zip.add("xl/workbook.xml", workbook(sheets, tables))
        var workbookRelationships = sheets.indices.map {
            "<Relationship Id=\"rId\($0 + 1)\" Type=\"\(relationships)/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>"
        }
        workbookRelationships.append("<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(relationships)/styles\" Target=\"styles.xml\"/>")
        try zip.add("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="\(packageRelationships)">\(workbookRelationships.joined())</Relationships>
            """)
        try zip.add("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="\(main)">\
            <fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
            <font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
            <fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>\
            <borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
            <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
            <cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
            <xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>\
            <cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
            </styleSheet>
            """)
        for (index, sheet) in sheets.enumerated() {
            try zip.begin("xl/worksheets/sheet\(index + 1).xml")
            try SheetXML.write(tables[sheet.table], rows: sheet.rows, widths: sheet.widths, selected: index == 0, to: zip)
            try zip.end()
        }
        try zip.finish()
    }

    static func contentTypes(_ sheetCount: Int) -> String {
        let sheets = (0..<sheetCount).map {
            "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
            <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
            <Default Extension="xml" ContentType="application/xml"/>\
            <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
            <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
            <Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>\
            <Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>\
            \(sheets.joined())</Types>
            """
    }

    /// The sheet list, and the autofilter ranges Excel names `_xlnm._FilterDatabase`.
    static func workbook(_ sheets: [Sheet], _ tables: [ReportTable]) -> String {
        let list = sheets.enumerated().map { index, sheet in
            "<sheet name=\"\(XMLText.escaped(sheet.name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        let filters = sheets.enumerated().compactMap { index, sheet -> String? in
            let columns = tables[sheet.table].columns.count
            guard columns > 0 else { return nil }
            let quoted = "'" + sheet.name.replacingOccurrences(of: "'", with: "''") + "'"
            return "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">"
                + XMLText.escaped(quoted + "!" + SheetXML.filterRange(columns: columns, rows: sheet.rows.count, absolute: true)) + "</definedName>"
        }
        return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="\(main)" xmlns:r="\(relationships)">\
            <bookViews><workbookView/></bookViews><sheets>\(list.joined())</sheets>\
            \(filters.isEmpty ? "" : "<definedNames>" + filters.joined() + "</definedNames>")</workbook>
            """
    }
}
