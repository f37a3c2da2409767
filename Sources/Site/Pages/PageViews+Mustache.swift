internal import Mustache

// Key lookup without reflection for the views a page repeats most (a table's cells, rows and
// column headers, links, KPI tiles). Mustache reads any other value through `Mirror`, which
// lists every field of the value for each `{{name}}`; with several hundred rows a table, that
// was most of the time spent rendering a page (issue 16). Each case returns the field of the
// same name, so a template, or a user's copy of one, sees exactly what `Mirror` would show it
// (a name the view lacks is looked up in the enclosing context, as before).

extension CellView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "text": text
        case "numeric": numeric
        case "value": value
        case "href": href
        case "hasHref": hasHref
        default: nil
        }
    }
}

extension RowView: MustacheParent {
    func child(named name: String) -> Any? { name == "cells" ? cells : nil }
}

extension ColumnView: MustacheParent {
    func child(named name: String) -> Any? { name == "parts" ? parts : nil }
}

extension LinkView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "href": href
        case "current": current
        default: nil
        }
    }
}

extension KPIView: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "label": label
        case "value": value
        case "change": change
        case "direction": direction
        case "goodWhenUp": goodWhenUp
        case "hasChange": hasChange
        default: nil
        }
    }
}
