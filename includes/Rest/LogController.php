<?php
/**
 * GET/DELETE cart-sessions/v1/log — the debug log of upstream requests (CoCart\DebugLog). It records only while
 * "debug_log" is on in the settings.
 *
 * GET log → 200
 *   { "enabled": true, "max_entries": 200,
 *     "entries": [ { "time": "2025-03-14T09:26:53+00:00", "method": "GET", "path": "/cocart/v2/sessions",
 *                    "status": 200, "duration_ms": 91, "error": "" | "cart_sessions_bad_key",
 *                    "auth": "oauth" | "basic" | "query" | "none", "key": "ck_…a1b2", "attempt": 1 } ] }
 *   (oldest first; never credentials, query strings or bodies)
 * DELETE log → 200 { "enabled": true, "max_entries": 200, "entries": [] }
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\CoCart\DebugLog;
use WP_REST_Response;
use WP_REST_Server;

final class LogController {

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		register_rest_route(
			Permission::NAMESPACE,
			'/log',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'read' ),
					'permission_callback' => array( Permission::class, 'check' ),
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'clear' ),
					'permission_callback' => array( Permission::class, 'check' ),
					'args'                => array(),
				),
			)
		);
	}

	public function read(): WP_REST_Response {
		$log = new DebugLog();
		return rest_ensure_response(
			array(
				'enabled'     => $log->enabled(),
				'max_entries' => DebugLog::MAX_ENTRIES,
				'entries'     => $log->entries(),
			)
		);
	}

	public function clear(): WP_REST_Response {
		$log = new DebugLog();
		$log->clear();
		return $this->read();
	}
}
