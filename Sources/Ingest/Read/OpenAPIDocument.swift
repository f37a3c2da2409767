/// The daemon's OpenAPI 3.1 document, served at `/openapi.json`: docs/openapi.json embedded
/// verbatim (IngestTests/OpenAPIDocumentTests checks that the two are identical; after editing
/// docs/openapi.json, paste it between the delimiters below).
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "ESpice Analytics ingest daemon",
    "version": "0.1.0",
    "description": "The original analytics service's API, served by `espice-analytics ingest` (docs/ingest.md). Read answers come from the same report engine as the published site and are cached for CACHE_TTL seconds or until new events arrive."
  },
  "servers": [
    {
      "url": "http://127.0.0.1:8016"
    }
  ],
  "paths": {
    "/health": {
      "get": {
        "summary": "Service health",
        "operationId": "health",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "503": {
            "description": "degraded",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "summary": "Prometheus metrics",
        "operationId": "metrics",
        "responses": {
          "200": {
            "description": "Prometheus text format",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "summary": "This document",
        "operationId": "openapi",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/track": {
      "post": {
        "summary": "Track one event (answered once committed)",
        "operationId": "track",
        "security": [
          {},
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/Event"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Tracked"
                }
              }
            }
          },
          "400": {
            "description": "malformed JSON",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "missing or wrong bearer token (when one is configured)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "body too large",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "wrong Content-Type",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "an event breaks a rule (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "writer saturated or the disk fails (Retry-After)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/track/batch": {
      "post": {
        "summary": "Track a batch of events, all or nothing (JSON array or NDJSON)",
        "operationId": "trackBatch",
        "security": [
          {},
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Event"
                }
              }
            },
            "application/x-ndjson": {
              "schema": {
                "type": "string"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TrackedBatch"
                }
              }
            }
          },
          "400": {
            "description": "malformed JSON",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "missing or wrong bearer token (when one is configured)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "413": {
            "description": "body too large",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "wrong Content-Type",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "an event breaks a rule (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "writer saturated or the disk fails (Retry-After)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/metrics/processing": {
      "get": {
        "summary": "The processing report's data",
        "operationId": "processingMetrics",
        "parameters": [
          {
            "name": "time_range",
            "in": "query",
            "required": false,
            "description": "1d, 7d, 30d, 90d or all (default 7d)",
            "schema": {
              "type": "string",
              "enum": [
                "1d",
                "7d",
                "30d",
                "90d",
                "all"
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "ISO-8601 instant the window ends at (default now), for reproducible answers",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ProcessingMetrics"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/metrics/business": {
      "get": {
        "summary": "The business report's data (all time unless time_range is given)",
        "operationId": "businessMetrics",
        "parameters": [
          {
            "name": "time_range",
            "in": "query",
            "required": false,
            "description": "1d, 7d, 30d, 90d or all (default all)",
            "schema": {
              "type": "string",
              "enum": [
                "1d",
                "7d",
                "30d",
                "90d",
                "all"
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "ISO-8601 instant the window ends at (default now), for reproducible answers",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/BusinessMetrics"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/summary": {
      "get": {
        "summary": "Headline figures plus the processing, business and error reports' data",
        "operationId": "summary",
        "parameters": [
          {
            "name": "time_range",
            "in": "query",
            "required": false,
            "description": "1d, 7d, 30d, 90d or all (default 7d)",
            "schema": {
              "type": "string",
              "enum": [
                "1d",
                "7d",
                "30d",
                "90d",
                "all"
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "ISO-8601 instant the window ends at (default now), for reproducible answers",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Summary"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/reports/generate": {
      "post": {
        "summary": "Generate a report (the original's AnalyticsRequest)",
        "operationId": "generateReport",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/AnalyticsRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "the report (format json), or the export file for another format",
            "content": {
              "text/csv": {
                "schema": {
                  "type": "string"
                }
              },
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {
                  "type": "string",
                  "contentEncoding": "binary"
                }
              },
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ReportResponse"
                }
              },
              "application/pdf": {
                "schema": {
                  "type": "string",
                  "contentEncoding": "binary"
                }
              }
            }
          },
          "400": {
            "description": "malformed JSON or an unknown report type (the detail lists the valid ones)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "wrong Content-Type",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/reports/{report_type}/export": {
      "get": {
        "summary": "Export a report as CSV, XLSX (excel), JSON or PDF",
        "operationId": "exportReport",
        "parameters": [
          {
            "name": "report_type",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "enum": [
                "processing_performance",
                "business_intelligence",
                "error_analysis",
                "user_activity"
              ]
            }
          },
          {
            "name": "format",
            "in": "query",
            "required": false,
            "description": "csv, excel, xlsx, json (default) or pdf",
            "schema": {
              "type": "string",
              "enum": [
                "csv",
                "excel",
                "xlsx",
                "json",
                "pdf"
              ]
            }
          },
          {
            "name": "time_range",
            "in": "query",
            "required": false,
            "description": "1d, 7d, 30d, 90d or all (default 7d)",
            "schema": {
              "type": "string",
              "enum": [
                "1d",
                "7d",
                "30d",
                "90d",
                "all"
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "ISO-8601 instant the window ends at (default now), for reproducible answers",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "the export file (Content-Disposition: attachment; filename=<report_type>-<range>.<ext>)",
            "headers": {
              "Content-Disposition": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "text/csv": {
                "schema": {
                  "type": "string"
                }
              },
              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                "schema": {
                  "type": "string",
                  "contentEncoding": "binary"
                }
              },
              "application/json": {
                "schema": {
                  "type": "object"
                }
              },
              "application/pdf": {
                "schema": {
                  "type": "string",
                  "contentEncoding": "binary"
                }
              }
            }
          },
          "400": {
            "description": "an unknown report or chart type (the detail lists the valid ones)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/visualizations/{chart_type}": {
      "get": {
        "summary": "A chart: {\"html\": <figure> with inline SVG}, or the image with format",
        "operationId": "visualization",
        "parameters": [
          {
            "name": "chart_type",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "enum": [
                "processing_timeline",
                "error_analysis",
                "device_distribution",
                "performance_metrics",
                "peak_usage"
              ]
            }
          },
          {
            "name": "time_range",
            "in": "query",
            "required": false,
            "description": "1d, 7d, 30d, 90d or all (default 7d)",
            "schema": {
              "type": "string",
              "enum": [
                "1d",
                "7d",
                "30d",
                "90d",
                "all"
              ]
            }
          },
          {
            "name": "as_of",
            "in": "query",
            "required": false,
            "description": "ISO-8601 instant the window ends at (default now), for reproducible answers",
            "schema": {
              "type": "string",
              "format": "date-time"
            }
          },
          {
            "name": "format",
            "in": "query",
            "required": false,
            "description": "svg, png or pdf for the image itself; absent: the HTML fragment",
            "schema": {
              "type": "string",
              "enum": [
                "svg",
                "png",
                "pdf"
              ]
            }
          }
        ],
        "responses": {
          "200": {
            "description": "the HTML fragment, or the image",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Visualization"
                }
              },
              "image/svg+xml": {
                "schema": {
                  "type": "string"
                }
              },
              "image/png": {
                "schema": {
                  "type": "string",
                  "contentEncoding": "binary"
                }
              },
              "application/pdf": {
                "schema": {
                  "type": "string",
                  "contentEncoding": "binary"
                }
              }
            }
          },
          "400": {
            "description": "an unknown report or chart type (the detail lists the valid ones)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/dashboards": {
      "get": {
        "summary": "Stored dashboards",
        "operationId": "listDashboards",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DashboardList"
                }
              }
            }
          }
        }
      },
      "post": {
        "summary": "Create or replace (by name) a dashboard",
        "operationId": "saveDashboard",
        "security": [
          {},
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DashboardConfig"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Saved"
                }
              }
            }
          },
          "400": {
            "description": "malformed JSON",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "missing or wrong bearer token (when one is configured)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "wrong Content-Type",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/reports": {
      "get": {
        "summary": "Stored saved reports",
        "operationId": "listSavedReports",
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/SavedReportList"
                }
              }
            }
          }
        }
      }
    },
    "/api/analytics/reports/save": {
      "post": {
        "summary": "Create or replace (by name) a saved report",
        "operationId": "saveReport",
        "security": [
          {},
          {
            "bearer": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/SavedReportConfig"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "OK",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Saved"
                }
              }
            }
          },
          "400": {
            "description": "malformed JSON",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "missing or wrong bearer token (when one is configured)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "415": {
            "description": "wrong Content-Type",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "422": {
            "description": "a parameter or body field is invalid (field names it)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Error": {
        "type": "object",
        "properties": {
          "detail": {
            "type": "string"
          },
          "field": {
            "type": "string"
          }
        },
        "required": [
          "detail"
        ]
      },
      "Period": {
        "type": "object",
        "properties": {
          "start": {
            "type": "string"
          },
          "end": {
            "type": "string"
          }
        },
        "required": [
          "start",
          "end"
        ]
      },
      "ProcessingMetrics": {
        "type": "object",
        "properties": {
          "total_processed": {
            "type": "integer"
          },
          "total_errors": {
            "type": "integer"
          },
          "success_rate": {
            "type": [
              "number",
              "null"
            ]
          },
          "avg_processing_time": {
            "type": "number"
          },
          "processing_time": {
            "type": "object",
            "properties": {
              "count": {
                "type": "integer"
              },
              "mean": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "p50": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "p90": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "p95": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "p99": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "max": {
                "type": [
                  "number",
                  "null"
                ]
              }
            },
            "required": [
              "count",
              "mean",
              "p50",
              "p90",
              "p95",
              "p99",
              "max"
            ]
          },
          "service_breakdown": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "service_name": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "requests": {
                  "type": "integer"
                },
                "processed": {
                  "type": "integer"
                },
                "errors": {
                  "type": "integer"
                },
                "error_rate": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "p95_processing_time": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              },
              "required": [
                "service_name",
                "requests",
                "processed",
                "errors",
                "error_rate",
                "p95_processing_time"
              ]
            }
          },
          "time_series": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "date": {
                  "type": "string"
                },
                "event_type": {
                  "type": "string"
                },
                "count": {
                  "type": "integer"
                }
              },
              "required": [
                "date",
                "event_type",
                "count"
              ]
            }
          },
          "period": {
            "$ref": "#/components/schemas/Period"
          },
          "previous_period": {
            "type": "object"
          },
          "change_pct": {
            "type": "object"
          },
          "baseline": {
            "type": "object",
            "properties": {
              "p95_processing_time": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "tolerance_pct": {
                "type": "number"
              },
              "breach": {
                "type": "boolean"
              }
            },
            "required": [
              "p95_processing_time",
              "tolerance_pct",
              "breach"
            ]
          }
        },
        "required": [
          "total_processed",
          "total_errors",
          "success_rate",
          "avg_processing_time",
          "processing_time",
          "service_breakdown",
          "time_series",
          "period",
          "previous_period",
          "change_pct",
          "baseline"
        ]
      },
      "BusinessMetrics": {
        "type": "object",
        "properties": {
          "device_types": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "device_type": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "count": {
                  "type": "integer"
                },
                "share": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              },
              "required": [
                "device_type",
                "count",
                "share"
              ]
            }
          },
          "model_complexity": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "complexity": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "count": {
                  "type": "integer"
                },
                "share": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              },
              "required": [
                "complexity",
                "count",
                "share"
              ]
            }
          },
          "parameters_extracted": {
            "type": "object"
          },
          "total_models_generated": {
            "type": "integer"
          },
          "processed_by_device_type": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "top_users": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "feature_usage": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "event_type": {
                  "type": "string"
                },
                "usage_count": {
                  "type": "integer"
                }
              },
              "required": [
                "event_type",
                "usage_count"
              ]
            }
          },
          "models_timeline": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "date": {
                  "type": "string"
                },
                "count": {
                  "type": "integer"
                }
              },
              "required": [
                "date",
                "count"
              ]
            }
          }
        },
        "required": [
          "device_types",
          "model_complexity",
          "parameters_extracted",
          "total_models_generated",
          "processed_by_device_type",
          "top_users",
          "feature_usage",
          "models_timeline"
        ]
      },
      "ErrorAnalysis": {
        "type": "object",
        "properties": {
          "error_patterns": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "error_timeline": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "total_errors": {
            "type": "integer"
          },
          "most_common_error": {
            "type": [
              "object",
              "null"
            ]
          },
          "error_rate_by_service": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "root_causes": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "top_messages": {
            "type": "array",
            "items": {
              "type": "object"
            }
          },
          "recommendations": {
            "type": "array",
            "items": {
              "type": "string"
            }
          }
        },
        "required": [
          "error_patterns",
          "error_timeline",
          "total_errors",
          "most_common_error",
          "error_rate_by_service",
          "root_causes",
          "top_messages",
          "recommendations"
        ]
      },
      "ReportMetadata": {
        "type": "object",
        "properties": {
          "report_type": {
            "type": "string"
          },
          "time_range": {
            "type": "string"
          },
          "period": {
            "$ref": "#/components/schemas/Period"
          },
          "as_of": {
            "type": "string"
          },
          "time_zone": {
            "type": "string"
          },
          "filters": {
            "type": "object"
          },
          "generated_at": {
            "type": "string"
          },
          "raw_events_since": {
            "type": "string",
            "description": "Present when the report reads before the instant raw events were pruned from (db prune): there its figures come from the rollups (whole hours; whole days for per-user figures) and filtered figures count only the events kept."
          }
        },
        "required": [
          "report_type",
          "time_range",
          "period",
          "as_of",
          "time_zone",
          "filters",
          "generated_at"
        ]
      },
      "Filters": {
        "type": "object",
        "description": "service_name, user_id, device_type, event_type: one value or a list each",
        "properties": {
          "service_name": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            ]
          },
          "user_id": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            ]
          },
          "device_type": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            ]
          },
          "event_type": {
            "oneOf": [
              {
                "type": "string"
              },
              {
                "type": "array",
                "items": {
                  "type": "string"
                }
              }
            ]
          }
        }
      },
      "AnalyticsRequest": {
        "type": "object",
        "required": [
          "report_type"
        ],
        "properties": {
          "report_type": {
            "type": "string",
            "description": "processing_performance, business_intelligence, error_analysis or user_activity (another answers 400 listing them)"
          },
          "parameters": {
            "type": "object",
            "properties": {
              "time_range": {
                "type": "string",
                "description": "1d, 7d, 30d, 90d or all (default 7d)"
              },
              "filters": {
                "$ref": "#/components/schemas/Filters"
              },
              "as_of": {
                "type": "string",
                "format": "date-time"
              },
              "from": {
                "type": "string",
                "format": "date-time"
              },
              "to": {
                "type": "string",
                "format": "date-time"
              }
            },
            "description": "other keys (include_errors, …) are accepted and ignored"
          },
          "filters": {
            "$ref": "#/components/schemas/Filters"
          },
          "time_range": {
            "type": "string"
          },
          "format": {
            "type": "string",
            "description": "json (default); csv, excel, xlsx or pdf answer the export file"
          },
          "as_of": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "ReportResponse": {
        "type": "object",
        "properties": {
          "success": {
            "const": true
          },
          "data": {
            "type": "object"
          },
          "metadata": {
            "$ref": "#/components/schemas/ReportMetadata"
          }
        },
        "required": [
          "success",
          "data",
          "metadata"
        ]
      },
      "Summary": {
        "type": "object",
        "properties": {
          "summary": {
            "type": "object",
            "properties": {
              "total_processed": {
                "type": "integer"
              },
              "success_rate": {
                "type": [
                  "number",
                  "null"
                ]
              },
              "total_models": {
                "type": "integer"
              },
              "total_errors": {
                "type": "integer"
              },
              "active_users": {
                "type": "integer"
              }
            },
            "required": [
              "total_processed",
              "success_rate",
              "total_models",
              "total_errors",
              "active_users"
            ]
          },
          "processing": {
            "$ref": "#/components/schemas/ProcessingMetrics"
          },
          "business": {
            "$ref": "#/components/schemas/BusinessMetrics"
          },
          "errors": {
            "$ref": "#/components/schemas/ErrorAnalysis"
          },
          "time_range": {
            "type": "string"
          },
          "generated_at": {
            "type": "string"
          }
        },
        "required": [
          "summary",
          "processing",
          "business",
          "errors",
          "time_range",
          "generated_at"
        ]
      },
      "Visualization": {
        "type": "object",
        "properties": {
          "html": {
            "type": "string",
            "description": "<figure> holding the inline SVG, its caption and its numbers as a table"
          }
        },
        "required": [
          "html"
        ]
      },
      "Position": {
        "type": "object",
        "properties": {
          "x": {
            "type": "integer",
            "minimum": 0
          },
          "y": {
            "type": "integer",
            "minimum": 0
          },
          "w": {
            "type": "integer",
            "minimum": 1
          },
          "h": {
            "type": "integer",
            "minimum": 1
          }
        },
        "required": [
          "x",
          "y",
          "w",
          "h"
        ]
      },
      "Widget": {
        "type": "object",
        "required": [
          "type"
        ],
        "properties": {
          "type": {
            "type": "string",
            "enum": [
              "metric",
              "chart",
              "table",
              "text"
            ]
          },
          "title": {
            "type": "string"
          },
          "metric": {
            "type": "string",
            "description": "metric widgets: total_processed, total_errors, success_rate, avg_processing_time, p95_processing_time, total_models, active_users, total_activities, new_users"
          },
          "chart_type": {
            "type": "string",
            "description": "chart widgets: processing_timeline, error_analysis, device_distribution, performance_metrics"
          },
          "table": {
            "type": "string"
          },
          "content": {
            "type": "string"
          },
          "time_range": {
            "type": "string"
          },
          "position": {
            "$ref": "#/components/schemas/Position"
          }
        }
      },
      "DashboardConfig": {
        "type": "object",
        "required": [
          "name",
          "widgets"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "widgets": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Widget"
            }
          },
          "layout": {
            "type": "object",
            "properties": {
              "columns": {
                "type": "integer",
                "minimum": 1,
                "maximum": 48
              }
            }
          },
          "refresh_interval": {
            "type": "integer",
            "minimum": 10
          }
        }
      },
      "DashboardList": {
        "type": "object",
        "properties": {
          "dashboards": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "name": {
                  "type": "string"
                },
                "slug": {
                  "type": "string"
                },
                "updated_at": {
                  "type": "string"
                },
                "config": {
                  "type": "object"
                }
              },
              "required": [
                "name",
                "slug",
                "updated_at",
                "config"
              ]
            }
          }
        },
        "required": [
          "dashboards"
        ]
      },
      "Saved": {
        "type": "object",
        "properties": {
          "success": {
            "const": true
          },
          "message": {
            "type": "string"
          },
          "name": {
            "type": "string"
          },
          "slug": {
            "type": "string"
          }
        },
        "required": [
          "success",
          "message",
          "name",
          "slug"
        ]
      },
      "SavedReportConfig": {
        "type": "object",
        "required": [
          "name",
          "report_type"
        ],
        "properties": {
          "name": {
            "type": "string"
          },
          "description": {
            "type": "string"
          },
          "report_type": {
            "type": "string"
          },
          "parameters": {
            "type": "object",
            "properties": {
              "time_range": {
                "type": "string"
              },
              "from": {
                "type": "string"
              },
              "to": {
                "type": "string"
              },
              "filters": {
                "$ref": "#/components/schemas/Filters"
              }
            }
          },
          "schedule": {
            "type": "string",
            "description": "@daily, @weekly, @monthly or a 5-field cron expression"
          },
          "recipients": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "format": {
            "type": "string",
            "description": "pdf (default), csv, xlsx, json, or several joined by commas"
          }
        }
      },
      "SavedReportList": {
        "type": "object",
        "properties": {
          "reports": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "name": {
                  "type": "string"
                },
                "slug": {
                  "type": "string"
                },
                "updated_at": {
                  "type": "string"
                },
                "config": {
                  "type": "object"
                }
              },
              "required": [
                "name",
                "slug",
                "updated_at",
                "config"
              ]
            }
          }
        },
        "required": [
          "reports"
        ]
      },
      "Tracked": {
        "type": "object",
        "properties": {
          "success": {
            "const": true
          },
          "message": {
            "type": "string"
          },
          "id": {
            "type": "integer"
          }
        },
        "required": [
          "success",
          "message",
          "id"
        ]
      },
      "TrackedBatch": {
        "type": "object",
        "properties": {
          "success": {
            "const": true
          },
          "message": {
            "type": "string"
          },
          "count": {
            "type": "integer"
          },
          "ids": {
            "type": "array",
            "items": {
              "type": "integer"
            }
          }
        },
        "required": [
          "success",
          "message",
          "count",
          "ids"
        ]
      },
      "Event": {
        "type": "object",
        "required": [
          "event_type"
        ],
        "properties": {
          "event_type": {
            "type": "string"
          },
          "event_data": {
            "type": "object"
          },
          "service_name": {
            "type": [
              "string",
              "null"
            ]
          },
          "user_id": {
            "type": [
              "string",
              "null"
            ]
          },
          "timestamp": {
            "type": "string",
            "description": "ISO-8601; default: when received"
          }
        }
      },
      "Health": {
        "type": "object",
        "required": [
          "status",
          "service"
        ],
        "properties": {
          "status": {
            "type": "string"
          },
          "service": {
            "type": "string"
          }
        }
      }
    },
    "securitySchemes": {
      "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "only when a token is configured (ANALYTICS_INGEST_TOKEN or ingest.token)"
      }
    }
  }
}
"""#
}
