<?php
/**
 * POST cart-sessions/v1/connection/test — runs the connection doctor (CoCart\Doctor) against the saved
 * settings. No arguments. (POST: it makes requests to the store and may record which key/auth works.)
 *
 * → 200
 *   {
 *     "ok": false,                                    true when no check failed
 *     "checked_at": "2025-03-14T09:26:53Z",
 *     "store_url": "https://shop.example.com",
 *     "cocart_version": "4.3.6" | null,
 *     "key_in_use": null | { …as in GET settings… },
 *     "checks": [
 *       { "id": "settings" | "transport" | "reachable" | "permalinks" | "cocart" | "sessions_route" | "key" |
 *               "key_owner" | "key_permission" | "system_status" | "auth_header" | "version" | "loopback",
 *         "label": "API key", "status": "pass" | "warn" | "fail" | "skip",
 *         "message": "What was found.", "fix": "What to do." | null }
 *     ]
 *   }
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\CoCart\Doctor;
use CartSessions\Health\SiteHealth;
use WP_REST_Response;
use WP_REST_Server;

final class ConnectionController {

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		register_rest_route(
			Permission::NAMESPACE,
			'/connection/test',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'test' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => array(),
			)
		);
	}

	public function test(): WP_REST_Response {
		$report = ( new Doctor() )->run();
		SiteHealth::remember( $report );
		return rest_ensure_response( $report );
	}
}
