// Generated from Vigil's OpenAPI document by `npm run web:api-types`; do not edit by hand.

export interface paths {
    "/api/v1/analytics/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Open incidents by service and severity, and incidents opened, MTTA and MTTR per local day or week */
        get: {
            parameters: {
                query?: {
                    /** @description Bucket size: local days, or ISO weeks starting on Monday */
                    bucket?: "day" | "week";
                    /** @description Only this service's incidents */
                    service_id?: string;
                    /** @description Start of the range (moved back to the start of its bucket); default: 30 days before until, today included */
                    since?: string;
                    /** @description IANA time zone whose days and weeks the buckets are */
                    time_zone?: string;
                    /** @description End of the range (exclusive); default: now */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            bucket: "day" | "week";
                            buckets: {
                                /** @description Of those, how many have been acknowledged */
                                acknowledged: number;
                                by_severity: {
                                    critical: number;
                                    error: number;
                                    info: number;
                                    warning: number;
                                };
                                /** @description Incidents opened in the bucket */
                                incidents: number;
                                /** @description Mean time from opening to acknowledgement of those acknowledged; null if none */
                                mtta_seconds: number | null;
                                /** @description Mean time from opening to resolution of those resolved; null if none */
                                mttr_seconds: number | null;
                                /** @description Of those, how many have been resolved */
                                resolved: number;
                                /** @description Start of the local day or week, as an instant */
                                start: string;
                            }[];
                            /** @description Incidents open now (triggered or acknowledged) */
                            open: {
                                by_service: {
                                    acknowledged: number;
                                    critical: number;
                                    error: number;
                                    info: number;
                                    /** Format: uuid */
                                    service_id: string;
                                    /** @description Null when the service has been deleted */
                                    service_name: string | null;
                                    total: number;
                                    triggered: number;
                                    warning: number;
                                }[];
                                by_severity: {
                                    critical: number;
                                    error: number;
                                    info: number;
                                    warning: number;
                                };
                                total: number;
                            };
                            service_id: string | null;
                            since: string;
                            time_zone: string;
                            totals: {
                                acknowledged: number;
                                by_severity: {
                                    critical: number;
                                    error: number;
                                    info: number;
                                    warning: number;
                                };
                                incidents: number;
                                /** @description Median (p50) time to acknowledge */
                                median_tta_seconds: number | null;
                                /** @description Median (p50) time to resolve */
                                median_ttr_seconds: number | null;
                                mtta_seconds: number | null;
                                mttr_seconds: number | null;
                                resolved: number;
                            };
                            /** @description The given until, or when the answer was computed */
                            until: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's API keys */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            api_keys: {
                                created_at: string;
                                /** Format: uuid */
                                id: string;
                                last_used_at: string | null;
                                name: string;
                                prefix: string;
                                revoked_at: string | null;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an API key; its token is shown only in this answer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            last_used_at: string | null;
                            name: string;
                            prefix: string;
                            revoked_at: string | null;
                            /** @description Shown once: store it now. */
                            token: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit log of the organisation (admin), newest first */
        get: {
            parameters: {
                query?: {
                    before_id?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            entries: {
                                action: string;
                                actor_id: string | null;
                                actor_type: string;
                                created_at: string;
                                details: {
                                    [key: string]: unknown;
                                } | null;
                                id: number;
                                ip: string | null;
                                request_id: string | null;
                                target_id: string | null;
                                target_type: string;
                            }[];
                            next_before_id: number | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in; sets the session cookie */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                created_at: string;
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                organization_id: string;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End the browser session */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Change events, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    service_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: {
                                created_at: string;
                                custom_details: unknown;
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                integration_id: string;
                                links: {
                                    href: string;
                                    text?: string;
                                }[];
                                /** Format: uuid */
                                service_id: string;
                                source: string | null;
                                summary: string;
                                timestamp: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/demo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Fill the organisation with demo data (admin): services, people, schedules, policies, three weeks of incidents; 409 once it has services */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Same seed, same demo (default 1) */
                        seed?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            escalation_policies: number;
                            /** @description Past incidents, resolved, and the ones still open */
                            incidents: number;
                            schedules: number;
                            services: number;
                            /** @description Demo people added (the caller is not counted) */
                            users: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/escalation-policies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List escalation policies, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            escalation_policies: {
                                created_at: string;
                                description: string;
                                /** Format: uuid */
                                id: string;
                                levels: {
                                    delay_minutes: number;
                                    targets: {
                                        id: string;
                                        /** @enum {string} */
                                        type: "user" | "schedule";
                                    }[];
                                }[];
                                name: string;
                                repeat_count: number;
                                updated_at: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an escalation policy (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        levels: {
                            /** @description Minutes before the incident moves on to the next level, unless acknowledged */
                            delay_minutes: number;
                            targets: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                type: "user" | "schedule";
                            }[];
                        }[];
                        name: string;
                        /**
                         * @description How many more times the whole policy runs after its last level
                         * @default 0
                         */
                        repeat_count?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            levels: {
                                delay_minutes: number;
                                targets: {
                                    id: string;
                                    /** @enum {string} */
                                    type: "user" | "schedule";
                                }[];
                            }[];
                            name: string;
                            repeat_count: number;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/escalation-policies/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an escalation policy */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            levels: {
                                delay_minutes: number;
                                targets: {
                                    id: string;
                                    /** @enum {string} */
                                    type: "user" | "schedule";
                                }[];
                            }[];
                            name: string;
                            repeat_count: number;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an escalation policy no service uses (admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change an escalation policy (admin); running escalations keep the levels they started with */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        levels?: {
                            /** @description Minutes before the incident moves on to the next level, unless acknowledged */
                            delay_minutes: number;
                            targets: {
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                type: "user" | "schedule";
                            }[];
                        }[];
                        name?: string;
                        /** @description How many more times the whole policy runs after its last level */
                        repeat_count?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            levels: {
                                delay_minutes: number;
                                targets: {
                                    id: string;
                                    /** @enum {string} */
                                    type: "user" | "schedule";
                                }[];
                            }[];
                            name: string;
                            repeat_count: number;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The raw event log: every accepted event and what became of it, newest first */
        get: {
            parameters: {
                query?: {
                    before_id?: number;
                    limit?: number;
                    /** @description "pending" for events not folded yet */
                    outcome?: string;
                    service_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: {
                                action: string;
                                dedup_key: string | null;
                                folded_at: string | null;
                                id: string;
                                /** Format: uuid */
                                integration_id: string;
                                /** @enum {string} */
                                kind: "alert" | "change";
                                /** @description What folding did: alert_created, deduplicated, acknowledged, resolved, unchanged, dropped, service_disabled, …; null while pending */
                                outcome: string | null;
                                payload: unknown;
                                received_at: string;
                                /** Format: uuid */
                                service_id: string;
                            }[];
                            next_before_id: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List incidents, newest first, with filters */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    service_id?: string;
                    severity?: string;
                    /** @description Created at or after */
                    since?: string;
                    status?: string;
                    /** @description Created before */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            incidents: {
                                acknowledged_at: string | null;
                                alert_count: number;
                                created_at: string;
                                /** Format: uuid */
                                id: string;
                                number: number;
                                open_alert_count: number;
                                resolved_at: string | null;
                                /** Format: uuid */
                                service_id: string;
                                /** @enum {string} */
                                severity: "critical" | "error" | "warning" | "info";
                                /** @enum {string} */
                                status: "triggered" | "acknowledged" | "resolved";
                                title: string;
                                updated_at: string;
                                /**
                                 * @description Which of the assignees' notification rules page for it
                                 * @enum {string}
                                 */
                                urgency: "high" | "low";
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Open an incident by hand */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        details?: string;
                        /** Format: uuid */
                        service_id: string;
                        /**
                         * @default critical
                         * @enum {string}
                         */
                        severity?: "critical" | "error" | "warning" | "info";
                        title: string;
                        /**
                         * @description Default: from the service's urgency rule
                         * @enum {string}
                         */
                        urgency?: "high" | "low";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acknowledged_at: string | null;
                            alert_count: number;
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            number: number;
                            open_alert_count: number;
                            resolved_at: string | null;
                            /** Format: uuid */
                            service_id: string;
                            /** @enum {string} */
                            severity: "critical" | "error" | "warning" | "info";
                            /** @enum {string} */
                            status: "triggered" | "acknowledged" | "resolved";
                            title: string;
                            updated_at: string;
                            /**
                             * @description Which of the assignees' notification rules page for it
                             * @enum {string}
                             */
                            urgency: "high" | "low";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An incident with its alerts and timeline */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acknowledged_at: string | null;
                            alert_count: number;
                            alerts: {
                                acknowledged_at: string | null;
                                class: string | null;
                                client: string | null;
                                client_url: string | null;
                                component: string | null;
                                created_at: string;
                                custom_details: unknown;
                                dedup_key: string;
                                event_count: number;
                                group: string | null;
                                /** Format: uuid */
                                id: string;
                                images: {
                                    alt?: string;
                                    href?: string;
                                    src: string;
                                }[];
                                /** Format: uuid */
                                incident_id: string;
                                /** Format: uuid */
                                integration_id: string;
                                last_event_at: string;
                                links: {
                                    href: string;
                                    text?: string;
                                }[];
                                resolved_at: string | null;
                                /** @enum {string} */
                                severity: "critical" | "error" | "warning" | "info";
                                source: string;
                                /** @enum {string} */
                                status: "triggered" | "acknowledged" | "resolved";
                                summary: string;
                            }[];
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            number: number;
                            open_alert_count: number;
                            resolved_at: string | null;
                            /** Format: uuid */
                            service_id: string;
                            /** @enum {string} */
                            severity: "critical" | "error" | "warning" | "info";
                            /** @enum {string} */
                            status: "triggered" | "acknowledged" | "resolved";
                            timeline: {
                                actor_id: string | null;
                                actor_type: string;
                                alert_id: string | null;
                                created_at: string;
                                id: number;
                                message: string;
                                type: string;
                            }[];
                            title: string;
                            updated_at: string;
                            /**
                             * @description Which of the assignees' notification rules page for it
                             * @enum {string}
                             */
                            urgency: "high" | "low";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an incident */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acknowledged_at: string | null;
                            alert_count: number;
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            number: number;
                            open_alert_count: number;
                            resolved_at: string | null;
                            /** Format: uuid */
                            service_id: string;
                            /** @enum {string} */
                            severity: "critical" | "error" | "warning" | "info";
                            /** @enum {string} */
                            status: "triggered" | "acknowledged" | "resolved";
                            title: string;
                            updated_at: string;
                            /**
                             * @description Which of the assignees' notification rules page for it
                             * @enum {string}
                             */
                            urgency: "high" | "low";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Recent changes: what changed within a window before the incident opened, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    /** @description `service`: changes on the incident's service; `organization`: changes on every service of the organisation */
                    scope?: "service" | "organization";
                    /** @description How far back from the moment the incident opened to look, in minutes (1–1440, default 60) */
                    window_minutes?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: {
                                created_at: string;
                                custom_details: unknown;
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                integration_id: string;
                                links: {
                                    href: string;
                                    text?: string;
                                }[];
                                /** Format: uuid */
                                service_id: string;
                                source: string | null;
                                summary: string;
                                timestamp: string;
                            }[];
                            /** Format: uuid */
                            incident_id: string;
                            next_cursor: string | null;
                            /** @enum {string} */
                            scope: "service" | "organization";
                            window: {
                                end: string;
                                minutes: number;
                                start: string;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/escalate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Escalate by hand to a level of the policy (default: the next level) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description 1-based level to escalate to */
                        level?: number;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            escalation: {
                                assignees: {
                                    email: string;
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                }[];
                                /** @description 1-based; 0 before the first level is entered */
                                level: number;
                                levels: number;
                                /** @description How many times the policy has started over */
                                loop: number;
                                next_escalation_at: string | null;
                                policy_id: string | null;
                                /** @enum {string} */
                                status: "active" | "stopped";
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/escalation": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Where the incident is in its escalation policy, and who it is assigned to */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            escalation: {
                                assignees: {
                                    email: string;
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                }[];
                                /** @description 1-based; 0 before the first level is entered */
                                level: number;
                                levels: number;
                                /** @description How many times the policy has started over */
                                loop: number;
                                next_escalation_at: string | null;
                                policy_id: string | null;
                                /** @enum {string} */
                                status: "active" | "stopped";
                            } | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a note to the timeline */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        text: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actor_id: string | null;
                            actor_type: string;
                            alert_id: string | null;
                            created_at: string;
                            id: number;
                            message: string;
                            type: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The incident's delivery log: each notification, whom it was for, and each attempt to send it */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notifications: {
                                address: string;
                                attempts: {
                                    at: string;
                                    attempt: number;
                                    detail: string;
                                    /** @enum {string} */
                                    outcome: "sent" | "failed" | "skipped";
                                }[];
                                channel: string;
                                created_at: string;
                                due_at: string;
                                /** Format: uuid */
                                id: string;
                                last_error: string | null;
                                level: number;
                                loop: number;
                                /** @description When its delivery job was queued */
                                queued_at: string | null;
                                sent_at: string | null;
                                /** @enum {string} */
                                status: "scheduled" | "sent" | "failed" | "cancelled";
                                user: {
                                    email: string | null;
                                    /** Format: uuid */
                                    id: string;
                                    name: string | null;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/reassign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Assign the incident to these users; its escalation stops and they are notified */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        user_ids: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            escalation: {
                                assignees: {
                                    email: string;
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                }[];
                                /** @description 1-based; 0 before the first level is entered */
                                level: number;
                                levels: number;
                                /** @description How many times the policy has started over */
                                loop: number;
                                next_escalation_at: string | null;
                                policy_id: string | null;
                                /** @enum {string} */
                                status: "active" | "stopped";
                            } | null;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve an incident and its open alerts */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            acknowledged_at: string | null;
                            alert_count: number;
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            number: number;
                            open_alert_count: number;
                            resolved_at: string | null;
                            /** Format: uuid */
                            service_id: string;
                            /** @enum {string} */
                            severity: "critical" | "error" | "warning" | "info";
                            /** @enum {string} */
                            status: "triggered" | "acknowledged" | "resolved";
                            title: string;
                            updated_at: string;
                            /**
                             * @description Which of the assignees' notification rules page for it
                             * @enum {string}
                             */
                            urgency: "high" | "low";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/incidents/{id}/viewers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is looking at the incident right now (live stream clients that sent {"view": id}), from every process */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            viewers: {
                                name: string;
                                user_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an integration */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            integration_key: string;
                            name: string;
                            rate_limit_per_minute: number;
                            /** @description Secret settings that are set (their values are never returned) */
                            secrets_set: string[];
                            /** Format: uuid */
                            service_id: string;
                            /** @description The type's settings; secret ones are never returned */
                            settings: {
                                [key: string]: unknown;
                            };
                            setup_instructions: string;
                            type: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an integration: its key stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename an integration or set its rate limit */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        rate_limit_per_minute?: number | null;
                        /** @description The type's settings (see each integration's setup in the README) */
                        settings?: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            integration_key: string;
                            name: string;
                            rate_limit_per_minute: number;
                            /** @description Secret settings that are set (their values are never returned) */
                            secrets_set: string[];
                            /** Format: uuid */
                            service_id: string;
                            /** @description The type's settings; secret ones are never returned */
                            settings: {
                                [key: string]: unknown;
                            };
                            setup_instructions: string;
                            type: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/integrations/{id}/heartbeat": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A heartbeat integration's status, last ping and next due time */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            down_since: string | null;
                            grace_seconds: number;
                            /** Format: uuid */
                            integration_id: string;
                            interval_seconds: number;
                            last_ping_at: string | null;
                            /** @description The latest the next ping may arrive; null while down (the next ping resolves the alert) */
                            next_due_at: string | null;
                            /**
                             * @description waiting: never pinged yet; up: pinged in time; down: overdue, its alert triggered
                             * @enum {string}
                             */
                            status: "waiting" | "up" | "down";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/integrations/{id}/test-mapping": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Try a generic webhook integration's mapping on a sample body; nothing is stored */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A sample body, as the tool would post it */
                        body: unknown;
                        /** @enum {string} */
                        default_severity?: "critical" | "error" | "warning" | "info";
                        /** @description A mapping to try instead of the saved one (nothing is saved) */
                        mapping?: {
                            /** @description trigger (default), acknowledge or resolve */
                            action?: string;
                            class?: string;
                            component?: string;
                            /** @description Any JSON; the whole body when not mapped */
                            custom_details?: string;
                            /** @description Events with the same key update the same alert */
                            dedup_key?: string;
                            group?: string;
                            /** @description A URL, {href, text}, or an array of them */
                            links?: string;
                            /** @description critical, error, warning or info (or a word like P1, high, warn) */
                            severity?: string;
                            source?: string;
                            /** @description The alert summary (required) */
                            summary: string;
                            /** @description ISO 8601 or epoch seconds/milliseconds */
                            timestamp?: string;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: {
                                field: string;
                                message: string;
                            }[];
                            event: {
                                dedup_key: string;
                                event_action: string;
                                links: {
                                    href: string;
                                    text?: string;
                                }[];
                                payload: {
                                    class?: string;
                                    component?: string;
                                    custom_details: unknown;
                                    group?: string;
                                    severity?: string;
                                    source?: string;
                                    summary?: string;
                                    timestamp?: string;
                                };
                            } | null;
                            valid: boolean;
                            warnings: string[];
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Pending invitations (admin), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invitations: {
                                created_at: string;
                                email: string;
                                expires_at: string;
                                /** Format: uuid */
                                id: string;
                                /** @description The admin who invited; null once they are deleted */
                                invited_by: string | null;
                                name: string | null;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                                /** @enum {string} */
                                status: "pending" | "accepted" | "revoked" | "expired";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Invite someone by e-mail (admin); the accept URL is shown only in this answer */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /** @description Suggested on the accept page */
                        name?: string;
                        /**
                         * @default responder
                         * @enum {string}
                         */
                        role?: "admin" | "responder" | "observer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Shown only in this answer and in the e-mail: whoever opens it can join */
                            accept_url: string;
                            created_at: string;
                            email: string;
                            /**
                             * @description Whether the invitation e-mail went out; when it failed, hand over accept_url yourself
                             * @enum {string}
                             */
                            email_status: "sent" | "stored_in_mail_outbox" | "failed";
                            expires_at: string;
                            /** Format: uuid */
                            id: string;
                            /** @description The admin who invited; null once they are deleted */
                            invited_by: string | null;
                            name: string | null;
                            /** @enum {string} */
                            role: "admin" | "responder" | "observer";
                            /** @enum {string} */
                            status: "pending" | "accepted" | "revoked" | "expired";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an invitation (admin): its link stops working */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation is for, for its accept page (no sign-in) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            email: string;
                            expires_at: string;
                            name: string | null;
                            organization_name: string;
                            /** @enum {string} */
                            role: "admin" | "responder" | "observer";
                        };
                    };
                };
            };
        };
        put?: never;
        /** Accept an invitation: creates your user and signs you in (sets the session cookie) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                created_at: string;
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                organization_id: string;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/dead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List jobs that failed every attempt, most recent first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    queue?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            jobs: {
                                attempts: number;
                                data: unknown;
                                error: string;
                                /** Format: date-time */
                                failed_at: string;
                                id: string;
                                name: string;
                                queue: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/dead/{queue}/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Discard a dead job */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    queue: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/dead/{queue}/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Run a dead job again, with a fresh set of attempts */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    queue: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            retried: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/mail-outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Mail Vigil would have sent, newest first (admin): where mail goes while SMTP_URL is unset */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            mails: {
                                created_at: string;
                                headers: {
                                    [key: string]: string;
                                };
                                html: string;
                                id: number;
                                subject: string;
                                text: string;
                                to: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                created_at: string;
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                organization_id: string;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/oncall-shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your on-call shifts in every schedule over a range */
        get: {
            parameters: {
                query?: {
                    /** @description Default: now */
                    since?: string;
                    /** @description Default: 14 days after since; at most 93 days after it */
                    until?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By start, cut to the range */
                            shifts: {
                                end: string;
                                /** Format: uuid */
                                schedule_id: string;
                                schedule_name: string;
                                start: string;
                            }[];
                            since: string;
                            until: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/me/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change your password; your other browser sessions end */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        current_password: string;
                        new_password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/oncalls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is on call now, for every escalation policy, level and target */
        get: {
            parameters: {
                query?: {
                    escalation_policy_id?: string;
                    schedule_id?: string;
                    user_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            oncalls: {
                                /** @description End of the shift; null for users named directly (always) or beyond 93 days */
                                end: string | null;
                                escalation_policy: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                };
                                /** @description 1 is the first level */
                                level: number;
                                /** @description Null when the level names the user directly */
                                schedule: {
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                } | null;
                                /** @description Start of the shift; null for users named directly (always) or beyond 93 days */
                                start: string | null;
                                user: {
                                    email: string;
                                    id: string;
                                    name: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List schedules, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            next_cursor: string | null;
                            schedules: {
                                created_at: string;
                                description: string;
                                /** Format: uuid */
                                id: string;
                                /** @description Lowest first: a higher layer wins wherever it has someone on call */
                                layers: {
                                    end: string | null;
                                    /** @description HH:mm in the time zone of the schedule */
                                    handoff_time: string;
                                    id: string;
                                    name: string;
                                    restrictions: {
                                        end_day?: number;
                                        end_time: string;
                                        /** @enum {string} */
                                        kind: "daily" | "weekly";
                                        /** @description Weekly windows: 1 (Monday) to 7 (Sunday) */
                                        start_day?: number;
                                        start_time: string;
                                    }[];
                                    rotation: {
                                        hours?: number;
                                        /** @enum {string} */
                                        kind: "daily" | "weekly" | "custom";
                                    };
                                    start: string;
                                    /** @description User ids, in rotation order */
                                    users: string[];
                                }[];
                                name: string;
                                time_zone: string;
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create an on-call schedule */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        layers: {
                            end?: string | null;
                            handoff_time: string;
                            id?: string;
                            name?: string;
                            restrictions?: ({
                                end_time: string;
                                /** @enum {string} */
                                kind: "daily";
                                start_time: string;
                            } | {
                                end_day: number;
                                end_time: string;
                                /** @enum {string} */
                                kind: "weekly";
                                start_day: number;
                                start_time: string;
                            })[];
                            rotation: {
                                /** @enum {string} */
                                kind: "daily";
                            } | {
                                /** @enum {string} */
                                kind: "weekly";
                            } | {
                                hours: number;
                                /** @enum {string} */
                                kind: "custom";
                            };
                            /** Format: date-time */
                            start: string;
                            users: string[];
                        }[];
                        name: string;
                        time_zone: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description Lowest first: a higher layer wins wherever it has someone on call */
                            layers: {
                                end: string | null;
                                /** @description HH:mm in the time zone of the schedule */
                                handoff_time: string;
                                id: string;
                                name: string;
                                restrictions: {
                                    end_day?: number;
                                    end_time: string;
                                    /** @enum {string} */
                                    kind: "daily" | "weekly";
                                    /** @description Weekly windows: 1 (Monday) to 7 (Sunday) */
                                    start_day?: number;
                                    start_time: string;
                                }[];
                                rotation: {
                                    hours?: number;
                                    /** @enum {string} */
                                    kind: "daily" | "weekly" | "custom";
                                };
                                start: string;
                                /** @description User ids, in rotation order */
                                users: string[];
                            }[];
                            name: string;
                            time_zone: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a schedule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description Lowest first: a higher layer wins wherever it has someone on call */
                            layers: {
                                end: string | null;
                                /** @description HH:mm in the time zone of the schedule */
                                handoff_time: string;
                                id: string;
                                name: string;
                                restrictions: {
                                    end_day?: number;
                                    end_time: string;
                                    /** @enum {string} */
                                    kind: "daily" | "weekly";
                                    /** @description Weekly windows: 1 (Monday) to 7 (Sunday) */
                                    start_day?: number;
                                    start_time: string;
                                }[];
                                rotation: {
                                    hours?: number;
                                    /** @enum {string} */
                                    kind: "daily" | "weekly" | "custom";
                                };
                                start: string;
                                /** @description User ids, in rotation order */
                                users: string[];
                            }[];
                            name: string;
                            time_zone: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a schedule no escalation policy uses */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a schedule (name, description, time zone, layers) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        layers?: {
                            end?: string | null;
                            handoff_time: string;
                            id?: string;
                            name?: string;
                            restrictions?: ({
                                end_time: string;
                                /** @enum {string} */
                                kind: "daily";
                                start_time: string;
                            } | {
                                end_day: number;
                                end_time: string;
                                /** @enum {string} */
                                kind: "weekly";
                                start_day: number;
                                start_time: string;
                            })[];
                            rotation: {
                                /** @enum {string} */
                                kind: "daily";
                            } | {
                                /** @enum {string} */
                                kind: "weekly";
                            } | {
                                hours: number;
                                /** @enum {string} */
                                kind: "custom";
                            };
                            /** Format: date-time */
                            start: string;
                            users: string[];
                        }[];
                        name?: string;
                        time_zone?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description Lowest first: a higher layer wins wherever it has someone on call */
                            layers: {
                                end: string | null;
                                /** @description HH:mm in the time zone of the schedule */
                                handoff_time: string;
                                id: string;
                                name: string;
                                restrictions: {
                                    end_day?: number;
                                    end_time: string;
                                    /** @enum {string} */
                                    kind: "daily" | "weekly";
                                    /** @description Weekly windows: 1 (Monday) to 7 (Sunday) */
                                    start_day?: number;
                                    start_time: string;
                                }[];
                                rotation: {
                                    hours?: number;
                                    /** @enum {string} */
                                    kind: "daily" | "weekly" | "custom";
                                };
                                start: string;
                                /** @description User ids, in rotation order */
                                users: string[];
                            }[];
                            name: string;
                            time_zone: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/schedules/{id}/calendar-feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make the schedule's calendar feed URL, or a new one that replaces it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never> | null;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Secret iCalendar URL, shown only in this answer; readable without signing in */
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}/oncall": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is on call at an instant, and until when */
        get: {
            parameters: {
                query?: {
                    /** @description Default: now */
                    at?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            at: string;
                            /** @description When this changes (the shift ends, or someone comes on); null: not within 93 days */
                            until: string | null;
                            /** @description Who is on call at `at`: one user, or none */
                            users: {
                                email: string;
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}/overrides": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A schedule's overrides that overlap a range, by start */
        get: {
            parameters: {
                query?: {
                    /** @description Overrides ending after this (default: now) */
                    since?: string;
                    /** @description Overrides starting before this (default: no limit) */
                    until?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            overrides: {
                                created_at: string;
                                end: string;
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                schedule_id: string;
                                start: string;
                                user: {
                                    email: string;
                                    id: string;
                                    name: string;
                                };
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Put someone on call instead of every layer for a while */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: date-time */
                        end: string;
                        /** Format: date-time */
                        start: string;
                        /** Format: uuid */
                        user_id: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            end: string;
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            schedule_id: string;
                            start: string;
                            user: {
                                email: string;
                                id: string;
                                name: string;
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}/overrides/{overrideId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an override */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    overrideId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/schedules/{id}/render": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is on call over a range of at most 93 days, in the end and per layer */
        get: {
            parameters: {
                query: {
                    since: string;
                    until: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Who is on call in the end: layers stacked, overrides on top */
                            final: {
                                end: string;
                                start: string;
                                user: {
                                    email: string;
                                    id: string;
                                    name: string;
                                };
                            }[];
                            layers: {
                                entries: {
                                    end: string;
                                    start: string;
                                    user: {
                                        email: string;
                                        id: string;
                                        name: string;
                                    };
                                }[];
                                id: string;
                                name: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List services, newest first, with their open incidents and newest event */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            next_cursor: string | null;
                            services: {
                                created_at: string;
                                description: string;
                                escalation_policy_id: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description When its newest event (kept for VIGIL_EVENT_RETENTION_DAYS) was received; null if none */
                                last_event_at: string | null;
                                /** @description End of the maintenance window in force now (its triggers open no incident); null when none is */
                                maintenance_until: string | null;
                                name: string;
                                /** @description Its incidents open now */
                                open_incidents: {
                                    acknowledged: number;
                                    triggered: number;
                                };
                                /** @enum {string} */
                                status: "active" | "disabled";
                                /** @description The team that owns it */
                                team_id: string | null;
                                updated_at: string;
                                /** @enum {string} */
                                urgency: "high" | "low" | "severity_based";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a service */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        escalation_policy_id?: string | null;
                        name: string;
                        team_id?: string | null;
                        /**
                         * @description high, low, or severity_based (critical and error are high urgency)
                         * @enum {string}
                         */
                        urgency?: "high" | "low" | "severity_based";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            escalation_policy_id: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When its newest event (kept for VIGIL_EVENT_RETENTION_DAYS) was received; null if none */
                            last_event_at: string | null;
                            /** @description End of the maintenance window in force now (its triggers open no incident); null when none is */
                            maintenance_until: string | null;
                            name: string;
                            /** @description Its incidents open now */
                            open_incidents: {
                                acknowledged: number;
                                triggered: number;
                            };
                            /** @enum {string} */
                            status: "active" | "disabled";
                            /** @description The team that owns it */
                            team_id: string | null;
                            updated_at: string;
                            /** @enum {string} */
                            urgency: "high" | "low" | "severity_based";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a service, with its open incidents and newest event */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            escalation_policy_id: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When its newest event (kept for VIGIL_EVENT_RETENTION_DAYS) was received; null if none */
                            last_event_at: string | null;
                            /** @description End of the maintenance window in force now (its triggers open no incident); null when none is */
                            maintenance_until: string | null;
                            name: string;
                            /** @description Its incidents open now */
                            open_incidents: {
                                acknowledged: number;
                                triggered: number;
                            };
                            /** @enum {string} */
                            status: "active" | "disabled";
                            /** @description The team that owns it */
                            team_id: string | null;
                            updated_at: string;
                            /** @enum {string} */
                            urgency: "high" | "low" | "severity_based";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a service and its integrations */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a service (name, description, status, policy) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        escalation_policy_id?: string | null;
                        name?: string;
                        /** @enum {string} */
                        status?: "active" | "disabled";
                        team_id?: string | null;
                        /**
                         * @description high, low, or severity_based (critical and error are high urgency)
                         * @enum {string}
                         */
                        urgency?: "high" | "low" | "severity_based";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            escalation_policy_id: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description When its newest event (kept for VIGIL_EVENT_RETENTION_DAYS) was received; null if none */
                            last_event_at: string | null;
                            /** @description End of the maintenance window in force now (its triggers open no incident); null when none is */
                            maintenance_until: string | null;
                            name: string;
                            /** @description Its incidents open now */
                            open_incidents: {
                                acknowledged: number;
                                triggered: number;
                            };
                            /** @enum {string} */
                            status: "active" | "disabled";
                            /** @description The team that owns it */
                            team_id: string | null;
                            updated_at: string;
                            /** @enum {string} */
                            urgency: "high" | "low" | "severity_based";
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/services/{id}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A service's changes, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            changes: {
                                created_at: string;
                                custom_details: unknown;
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                integration_id: string;
                                links: {
                                    href: string;
                                    text?: string;
                                }[];
                                /** Format: uuid */
                                service_id: string;
                                source: string | null;
                                summary: string;
                                timestamp: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}/event-stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Events received by the service, counted by what folding did with them */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            outcomes: {
                                [key: string]: number;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A service's integrations */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            integrations: {
                                created_at: string;
                                /** Format: uuid */
                                id: string;
                                integration_key: string;
                                name: string;
                                rate_limit_per_minute: number;
                                /** @description Secret settings that are set (their values are never returned) */
                                secrets_set: string[];
                                /** Format: uuid */
                                service_id: string;
                                /** @description The type's settings; secret ones are never returned */
                                settings: {
                                    [key: string]: unknown;
                                };
                                setup_instructions: string;
                                type: string;
                                updated_at: string;
                                url: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add an integration; its URL and key go to the sending tool */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        rate_limit_per_minute?: number;
                        /** @description The type's settings (see each integration's setup in the README) */
                        settings?: {
                            [key: string]: unknown;
                        };
                        type: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            /** @description Secrets Vigil made up for this integration (a webhook secret): shown this once */
                            generated_secrets: {
                                [key: string]: string;
                            };
                            /** Format: uuid */
                            id: string;
                            integration_key: string;
                            name: string;
                            rate_limit_per_minute: number;
                            /** @description Secret settings that are set (their values are never returned) */
                            secrets_set: string[];
                            /** Format: uuid */
                            service_id: string;
                            /** @description The type's settings; secret ones are never returned */
                            settings: {
                                [key: string]: unknown;
                            };
                            setup_instructions: string;
                            type: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}/maintenance-windows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Maintenance windows of the service, latest start first */
        get: {
            parameters: {
                query?: {
                    ongoing_or_future?: "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            maintenance_windows: {
                                created_at: string;
                                description: string;
                                end: string;
                                /** Format: uuid */
                                id: string;
                                /** Format: uuid */
                                service_id: string;
                                start: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Schedule a maintenance window: triggers during it open no incident and page nobody */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        /** Format: date-time */
                        end: string;
                        /** Format: date-time */
                        start: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            end: string;
                            /** Format: uuid */
                            id: string;
                            /** Format: uuid */
                            service_id: string;
                            start: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}/maintenance-windows/{windowId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End a maintenance window now (or remove one that has not begun) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    windowId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}/slack-channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Slack channels a service's incidents are posted to */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            slack_channels: {
                                channel_id: string;
                                created_at: string;
                                /** Format: uuid */
                                id: string;
                                incident_channels: boolean;
                                /** Format: uuid */
                                service_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Post a service's incidents to a Slack channel */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        channel_id: string;
                        /**
                         * @description Also open a channel #inc-<number>-<title> for each incident, archived when it resolves
                         * @default false
                         */
                        incident_channels?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            channel_id: string;
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            incident_channels: boolean;
                            /** Format: uuid */
                            service_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/services/{id}/slack-channels/{channelId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Stop posting a service's incidents to a Slack channel */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    channelId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether first-run setup is still to be done (the instance has no user yet) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            setup_required: boolean;
                            signup_allowed: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        /** First-run setup: the organisation and its admin */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name?: string;
                        organization: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            organization_id: string;
                            token: string;
                            /** Format: uuid */
                            user_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/signup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create another organisation (when VIGIL_ALLOW_SIGNUP is on) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name?: string;
                        organization: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            organization_id: string;
                            token: string;
                            /** Format: uuid */
                            user_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/slack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Slack workspace the organisation is connected to (no secrets) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bot_user_id: string;
                            /** @description Request URL of the `/vigil` slash command */
                            commands_url: string;
                            connected_at: string;
                            /** @description Paste into the Slack app's Interactivity & Shortcuts → Request URL */
                            interactivity_url: string;
                            team_id: string;
                            team_name: string;
                        };
                    };
                };
            };
        };
        /** Connect the organisation's Slack app (checked with auth.test) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        bot_token: string;
                        signing_secret: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            bot_user_id: string;
                            /** @description Request URL of the `/vigil` slash command */
                            commands_url: string;
                            connected_at: string;
                            /** @description Paste into the Slack app's Interactivity & Shortcuts → Request URL */
                            interactivity_url: string;
                            team_id: string;
                            team_name: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Disconnect Slack (channel subscriptions are kept for a later connection) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live stream of the organisation’s events: a WebSocket, or Server-Sent Events with Accept: text/event-stream */
        get: {
            parameters: {
                query?: {
                    /** @description Resume after this message id (as the Last-Event-ID header does for SSE). */
                    last_event_id?: string;
                    /** @description Comma-separated service ids: only their events. */
                    services?: string;
                    /** @description A stream ticket (POST /stream/ticket) or an API key, for clients that cannot send a header. */
                    token?: string;
                    /** @description Comma-separated event types (incident.triggered, incident.acknowledged, incident.resolved, incident.assigned, incident.escalated, incident.reassigned, alert.resolved, change.created) or families (incident.*, alert.*, change.*), and presence (who views which incident). */
                    types?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream: `id:` and `data:` lines, one JSON message each (or 101 Switching Protocols to a WebSocket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stream/ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A ticket for opening the live stream where no header can be sent (browsers): pass it as ?token=; valid for 60 s */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            expires_at: string;
                            ticket: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Teams of the organisation with their members, by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            teams: {
                                created_at: string;
                                description: string;
                                /** Format: uuid */
                                id: string;
                                /** @description By name */
                                members: {
                                    email: string;
                                    /** Format: uuid */
                                    id: string;
                                    name: string;
                                    /**
                                     * @description manager: may rename the team and change its members
                                     * @enum {string}
                                     */
                                    role: "manager" | "member";
                                }[];
                                name: string;
                                updated_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Create a team (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description By name */
                            members: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /**
                                 * @description manager: may rename the team and change its members
                                 * @enum {string}
                                 */
                                role: "manager" | "member";
                            }[];
                            name: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A team with its members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description By name */
                            members: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /**
                                 * @description manager: may rename the team and change its members
                                 * @enum {string}
                                 */
                                role: "manager" | "member";
                            }[];
                            name: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a team (admin); its services keep running without a team */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a team or change its description (admin or the team's manager) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        description?: string;
                        name?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description By name */
                            members: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /**
                                 * @description manager: may rename the team and change its members
                                 * @enum {string}
                                 */
                                role: "manager" | "member";
                            }[];
                            name: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/teams/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add a user to a team or change their team role (admin or the team's manager) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @default member
                         * @enum {string}
                         */
                        role?: "manager" | "member";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            created_at: string;
                            description: string;
                            /** Format: uuid */
                            id: string;
                            /** @description By name */
                            members: {
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /**
                                 * @description manager: may rename the team and change its members
                                 * @enum {string}
                                 */
                                role: "manager" | "member";
                            }[];
                            name: string;
                            updated_at: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Take a user out of a team (admin or the team's manager) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Users of the organisation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            users: {
                                created_at: string;
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                organization_id: string;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a user (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        name: string;
                        password: string;
                        /**
                         * @default responder
                         * @enum {string}
                         */
                        role?: "admin" | "responder" | "observer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                created_at: string;
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                organization_id: string;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                            };
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user of the organisation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                created_at: string;
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                organization_id: string;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a user (admin): ends their sessions, revokes their API keys, takes them off schedules and escalation policies */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a user's name or role (admin); anyone may change their own name */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        /**
                         * @description Admins only; the last admin cannot be demoted
                         * @enum {string}
                         */
                        role?: "admin" | "responder" | "observer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                created_at: string;
                                email: string;
                                /** Format: uuid */
                                id: string;
                                name: string;
                                /** Format: uuid */
                                organization_id: string;
                                /** @enum {string} */
                                role: "admin" | "responder" | "observer";
                            };
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{id}/calendar-feed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Make a user's calendar feed URL (their shifts in every schedule), or a new one that replaces it */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never> | null;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Secret iCalendar URL, shown only in this answer; readable without signing in */
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/oncall-shifts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's on-call shifts in every schedule over a range */
        get: {
            parameters: {
                query?: {
                    /** @description Default: now */
                    since?: string;
                    /** @description Default: 14 days after since; at most 93 days after it */
                    until?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description By start, cut to the range */
                            shifts: {
                                end: string;
                                /** Format: uuid */
                                schedule_id: string;
                                schedule_name: string;
                                start: string;
                            }[];
                            since: string;
                            until: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/contact-methods": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's contact methods */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            contact_methods: {
                                address: string;
                                created_at: string;
                                /** Format: uuid */
                                id: string;
                                label: string;
                                type: string;
                                /** Format: uuid */
                                user_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a contact method (type email) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address: string;
                        label?: string;
                        /** @description `email`, or `slack` (a direct message from the Slack app; the address is a Slack member ID, U…) */
                        type: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string;
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            label: string;
                            type: string;
                            /** Format: uuid */
                            user_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/contact-methods/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a contact method and the notification rules that use it */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change the label or address of a contact method (notifications already scheduled keep the old address) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address?: string;
                        label?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            address: string;
                            created_at: string;
                            /** Format: uuid */
                            id: string;
                            label: string;
                            type: string;
                            /** Format: uuid */
                            user_id: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{userId}/notification-rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A user's notification rules */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            notification_rules: {
                                /** Format: uuid */
                                contact_method_id: string;
                                created_at: string;
                                delay_minutes: number;
                                /** Format: uuid */
                                id: string;
                                /** @enum {string} */
                                urgency: "high" | "low";
                                /** Format: uuid */
                                user_id: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Notify the user by a contact method, a number of minutes after they are assigned an incident of an urgency */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        contact_method_id: string;
                        /**
                         * @description Minutes after the assignment; 0 is at once
                         * @default 0
                         */
                        delay_minutes?: number;
                        /** @enum {string} */
                        urgency: "high" | "low";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uuid */
                            contact_method_id: string;
                            created_at: string;
                            delay_minutes: number;
                            /** Format: uuid */
                            id: string;
                            /** @enum {string} */
                            urgency: "high" | "low";
                            /** Format: uuid */
                            user_id: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{userId}/notification-rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a notification rule */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Webhook subscriptions, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            next_cursor: string | null;
                            webhooks: {
                                allow_private_network: boolean;
                                created_at: string;
                                description: string;
                                /** @description When it was disabled (by an admin, or automatically after failing) */
                                disabled_at: string | null;
                                disabled_reason: string | null;
                                enabled: boolean;
                                event_types: string[];
                                /** @description First failed attempt with no successful one since; 5 days of this disables it */
                                failing_since: string | null;
                                /** Format: uuid */
                                id: string;
                                /** @description After a rotation the previous secret also signs until then */
                                previous_secret_expires_at: string | null;
                                updated_at: string;
                                url: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Subscribe a URL to domain events; the signing secret is in the answer, this once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Allow private, loopback and link-local destinations (turns the SSRF guard off for this subscription) */
                        allow_private_network?: boolean;
                        description?: string;
                        enabled?: boolean;
                        /** @description Event types to deliver: any of incident.triggered, incident.acknowledged, incident.resolved, incident.escalated, incident.assigned, incident.reassigned, incident.note_added, change.created; or ["*"] for all */
                        event_types: ("*" | "incident.triggered" | "incident.acknowledged" | "incident.resolved" | "incident.escalated" | "incident.assigned" | "incident.reassigned" | "incident.note_added" | "change.created")[];
                        /** @description Where to POST: an absolute http:// or https:// URL, without credentials */
                        url: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allow_private_network: boolean;
                            created_at: string;
                            description: string;
                            /** @description When it was disabled (by an admin, or automatically after failing) */
                            disabled_at: string | null;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** @description First failed attempt with no successful one since; 5 days of this disables it */
                            failing_since: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description After a rotation the previous secret also signs until then */
                            previous_secret_expires_at: string | null;
                            /** @description The signing secret (whsec_…): shown this once; keep it where the receiver can read it */
                            secret: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a webhook subscription */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allow_private_network: boolean;
                            created_at: string;
                            description: string;
                            /** @description When it was disabled (by an admin, or automatically after failing) */
                            disabled_at: string | null;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** @description First failed attempt with no successful one since; 5 days of this disables it */
                            failing_since: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description After a rotation the previous secret also signs until then */
                            previous_secret_expires_at: string | null;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a webhook subscription and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a webhook subscription; {"enabled": true} re-enables one disabled for failing */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Allow private, loopback and link-local destinations (turns the SSRF guard off for this subscription) */
                        allow_private_network?: boolean;
                        description?: string;
                        /** @description false pauses deliveries; true re-enables a subscription disabled for failing */
                        enabled?: boolean;
                        /** @description Event types to deliver: any of incident.triggered, incident.acknowledged, incident.resolved, incident.escalated, incident.assigned, incident.reassigned, incident.note_added, change.created; or ["*"] for all */
                        event_types?: ("*" | "incident.triggered" | "incident.acknowledged" | "incident.resolved" | "incident.escalated" | "incident.assigned" | "incident.reassigned" | "incident.note_added" | "change.created")[];
                        /** @description Where to POST: an absolute http:// or https:// URL, without credentials */
                        url?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allow_private_network: boolean;
                            created_at: string;
                            description: string;
                            /** @description When it was disabled (by an admin, or automatically after failing) */
                            disabled_at: string | null;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** @description First failed attempt with no successful one since; 5 days of this disables it */
                            failing_since: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description After a rotation the previous secret also signs until then */
                            previous_secret_expires_at: string | null;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The subscription's delivery log, newest first: each event, its status and every attempt with the answer */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    limit?: number;
                    status?: "pending" | "succeeded" | "failed";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliveries: {
                                attempt_count: number;
                                /** @description Oldest first */
                                attempts: {
                                    at: string;
                                    attempt: number;
                                    duration_ms: number;
                                    error: string | null;
                                    /** @description The first 2 KB of what the receiver answered */
                                    response_body: string | null;
                                    status_code: number | null;
                                    succeeded: boolean;
                                    /** @enum {string} */
                                    trigger: "scheduled" | "manual";
                                }[];
                                completed_at: string | null;
                                created_at: string;
                                /** @description The domain event delivered */
                                event_id: string;
                                event_type: string;
                                /**
                                 * Format: uuid
                                 * @description Also the webhook-id header of every attempt
                                 */
                                id: string;
                                last_error: string | null;
                                last_status_code: number | null;
                                next_attempt_at: string | null;
                                /** @description The body POSTed */
                                payload: {
                                    [key: string]: unknown;
                                };
                                /** @enum {string} */
                                status: "pending" | "succeeded" | "failed";
                                /** Format: uuid */
                                subscription_id: string;
                            }[];
                            next_cursor: string | null;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Attempt a delivery again now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliveryId: string;
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "queued";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret (shown this once); the previous one also signs for 24 hours */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allow_private_network: boolean;
                            created_at: string;
                            description: string;
                            /** @description When it was disabled (by an admin, or automatically after failing) */
                            disabled_at: string | null;
                            disabled_reason: string | null;
                            enabled: boolean;
                            event_types: string[];
                            /** @description First failed attempt with no successful one since; 5 days of this disables it */
                            failing_since: string | null;
                            /** Format: uuid */
                            id: string;
                            /** @description After a rotation the previous secret also signs until then */
                            previous_secret_expires_at: string | null;
                            /** @description The signing secret (whsec_…): shown this once; keep it where the receiver can read it */
                            secret: string;
                            updated_at: string;
                            url: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/calendars/{token}.ics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A calendar feed (iCalendar) of on-call shifts, from a week ago to two months ahead */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/calendar": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process is up */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{key}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Ping a heartbeat integration (HEAD works too; so does POST with any body) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: number;
                            message: string;
                            /** @enum {string} */
                            status: "success";
                        };
                    };
                };
            };
        };
        put?: never;
        /** Send a tool's native payload (Alertmanager, Grafana, Datadog, generic JSON, GitHub…) to an integration */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    key: string;
                };
                cookie?: never;
            };
            /** @description The tool's own payload: JSON for most, form-encoded for some (GitHub may send either), anything or nothing for a heartbeat ping */
            requestBody: {
                content: {
                    "application/json": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: number;
                            message: string;
                            /** @enum {string} */
                            status: "success";
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The process can serve: every dependency it uses answers (store, Redis) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                [key: string]: {
                                    error?: string;
                                    latency_ms: number;
                                    /** @enum {string} */
                                    status: "ok" | "failing";
                                };
                            };
                            role: string;
                            /** @enum {string} */
                            status: "ready" | "not ready";
                            version: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checks: {
                                [key: string]: {
                                    error?: string;
                                    latency_ms: number;
                                    /** @enum {string} */
                                    status: "ok" | "failing";
                                };
                            };
                            role: string;
                            /** @enum {string} */
                            status: "ready" | "not ready";
                            version: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/alerts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create an alert (Opsgenie Alert API; Authorization: GenieKey <integration key>) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        actions?: string[];
                        alias?: string;
                        description?: string;
                        details?: {
                            [key: string]: string;
                        };
                        entity?: string;
                        message: string;
                        note?: string;
                        /** @enum {string} */
                        priority?: "P1" | "P2" | "P3" | "P4" | "P5";
                        /** @description Accepted and ignored: the service routes the alert */
                        responders?: unknown[];
                        source?: string;
                        tags?: string[];
                        user?: string;
                        /** @description Accepted and ignored */
                        visibleTo?: unknown[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            requestId: string;
                            result: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/alerts/{identifier}/acknowledge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Acknowledge an alert by its alias (Opsgenie Alert API, identifierType=alias) */
        post: {
            parameters: {
                query?: {
                    /** @description alias (required by Vigil); Opsgenie's default, id, and tiny are not supported */
                    identifierType?: string;
                };
                header?: never;
                path: {
                    identifier: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        source?: string;
                        user?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            requestId: string;
                            result: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/alerts/{identifier}/close": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Close an alert by its alias (Opsgenie Alert API, identifierType=alias) */
        post: {
            parameters: {
                query?: {
                    /** @description alias (required by Vigil); Opsgenie's default, id, and tiny are not supported */
                    identifierType?: string;
                };
                header?: never;
                path: {
                    identifier: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        note?: string;
                        source?: string;
                        user?: string;
                    } | null;
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            requestId: string;
                            result: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors?: {
                                [key: string]: string;
                            };
                            message: string;
                            requestId: string;
                            took: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/change/enqueue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a change event (PagerDuty change events) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        links?: {
                            href: string;
                            text?: string;
                        }[];
                        payload: {
                            custom_details?: unknown;
                            source?: string;
                            summary: string;
                            timestamp?: string;
                        };
                        routing_key: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            message: string;
                            /** @enum {string} */
                            status: "success";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: string[];
                            message: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: string[];
                            message: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: string[];
                            message: string;
                            status: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v2/enqueue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send an alert event (PagerDuty Events API v2) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        client?: string;
                        client_url?: string;
                        dedup_key?: string;
                        /** @enum {string} */
                        event_action: "trigger" | "acknowledge" | "resolve";
                        images?: {
                            alt?: string;
                            href?: string;
                            src: string;
                        }[];
                        links?: {
                            href: string;
                            text?: string;
                        }[];
                        /** @description Required for trigger: summary, source and severity */
                        payload?: {
                            [key: string]: unknown;
                        };
                        routing_key: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dedup_key: string;
                            message: string;
                            /** @enum {string} */
                            status: "success";
                        };
                    };
                };
                /** @description Default Response */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: string[];
                            message: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: string[];
                            message: string;
                            status: string;
                        };
                    };
                };
                /** @description Default Response */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            errors: string[];
                            message: string;
                            status: string;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
