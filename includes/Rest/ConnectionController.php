<?php
/**
 * The connection: the doctor, and connecting to a store through WooCommerce's app authentication (CoCart\Connect).
 *
 * POST connection/test — runs the connection doctor (CoCart\Doctor) against the saved settings. No arguments.
 * (POST: it makes requests to the store and may record which key/auth works.)
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
 * POST connection/connect { "store_url": "https://shop.example.com", "scope": "read_write" | "read" }
 * → 200 { "authorize_url": "https://shop.example.com/wc-auth/v1/authorize?…", "expires_at": "…" }: the browser
 *   goes there; the store sends it back to the Settings tab with success=1|0&user_id=<token>.
 * → 400 cart_sessions_connect_needs_https (this site is not on HTTPS), rest_invalid_param (store_url);
 *   409 cart_sessions_connect_locked (wp-config.php fixes the connection).
 *
 * POST connection/callback — the store's server-to-server POST (JSON { key_id, user_id, consumer_key,
 * consumer_secret, key_permissions }). The only route of ours without a login: WooCommerce calls it with no cookie
 * and no nonce. → 200 {} when the key was kept; any refusal (bad body, unknown, expired or used token, another
 * store) → the same 400 cart_sessions_connect_refused, which tells a caller nothing; 429 with Retry-After after too
 * many refusals from one address (CallbackLimit).
 *
 * POST connection/finish { "token": "<user_id from the return address>", "success": true|false }
 * → 200 { "status": "connected" | "denied" | "failed", "message", "report": doctor report | null,
 *         "revoke": null | { store_url, keys_url, hint, truncated_key, description }, "settings": GET settings }
 * → 410 cart_sessions_connect_expired; 409 cart_sessions_connect_wrong_store; 502 cart_sessions_connect_no_key.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Admin\Page;
use CartSessions\CoCart\Connect;
use CartSessions\CoCart\Doctor;
use CartSessions\Credentials\Settings;
use CartSessions\Health\SiteHealth;
use CartSessions\Sessions\Service;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class ConnectionController {

	public const CALLBACK_ROUTE = '/connection/callback';

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
		register_rest_route(
			Permission::NAMESPACE,
			'/connection/connect',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'connect' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => array(
					'store_url' => array(
						'description'       => __( 'The store’s home address.', 'cart-sessions-for-cocart' ),
						'type'              => 'string',
						'default'           => '',
						'maxLength'         => 2048,
						'sanitize_callback' => static function ( $value ) {
							return is_string( $value ) ? trim( $value ) : $value;
						},
						'validate_callback' => 'rest_validate_request_arg',
					),
					'scope'     => array(
						'description'       => __( 'The permission the key gets.', 'cart-sessions-for-cocart' ),
						'type'              => 'string',
						'enum'              => Connect::SCOPES,
						'default'           => 'read_write',
						'validate_callback' => 'rest_validate_request_arg',
					),
				),
			)
		);
		register_rest_route(
			Permission::NAMESPACE,
			self::CALLBACK_ROUTE,
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'callback' ),
				// The store calls it server to server, with no login: what it accepts is decided by the token in
				// the body (CoCart\Connect::receive()), and refusals are rate-limited (CallbackLimit).
				'permission_callback' => '__return_true',
				'args'                => array(),
			)
		);
		register_rest_route(
			Permission::NAMESPACE,
			'/connection/finish',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'finish' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => array(
					'token'   => array(
						'description'       => __( 'The user_id the store sent back.', 'cart-sessions-for-cocart' ),
						'type'              => 'string',
						'default'           => '',
						'maxLength'         => 64,
						'validate_callback' => 'rest_validate_request_arg',
					),
					'success' => array(
						'description'       => __( 'Whether the store said the key was approved.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
						'type'              => 'boolean',
						'validate_callback' => 'rest_validate_request_arg',
						'sanitize_callback' => 'rest_sanitize_boolean',
					),
				),
			)
		);
	}

	public function test(): WP_REST_Response {
		$report = ( new Doctor() )->run();
		SiteHealth::remember( $report );
		return rest_ensure_response( $report );
	}

	/**
	 * Where the store posts the new key: this site's REST address of the callback route.
	 */
	public static function callback_url(): string {
		return rest_url( Permission::NAMESPACE . self::CALLBACK_ROUTE );
	}

	/**
	 * Where the store sends the browser back: the Settings tab.
	 */
	public static function return_url(): string {
		return add_query_arg( 'tab', 'settings', Page::url() );
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function connect( WP_REST_Request $request ) {
		$started = ( new Connect() )->start(
			(string) $request->get_param( 'store_url' ),
			(string) $request->get_param( 'scope' ),
			get_current_user_id(),
			self::return_url(),
			self::callback_url()
		);
		return is_wp_error( $started ) ? $started : rest_ensure_response( $started );
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function callback( WP_REST_Request $request ) {
		$address = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		$wait    = CallbackLimit::wait( $address );
		if ( $wait > 0 ) {
			$response = new WP_REST_Response(
				array(
					'code'    => 'cart_sessions_connect_too_many',
					'message' => __( 'Too many requests. Try again later.', 'cart-sessions-for-cocart' ),
					'data'    => array( 'status' => 429 ),
				),
				429
			);
			$response->header( 'Retry-After', (string) $wait );
			return $response;
		}
		$kept = ( new Connect() )->receive(
			json_decode( $request->get_body(), true ),
			(string) $request->get_header( 'user_agent' )
		);
		if ( ! $kept ) {
			CallbackLimit::count_refusal( $address );
			return new WP_Error(
				'cart_sessions_connect_refused',
				__( 'Refused.', 'cart-sessions-for-cocart' ),
				array( 'status' => 400 )
			);
		}
		return new WP_REST_Response( new \stdClass(), 200 );
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function finish( WP_REST_Request $request ) {
		if ( null === $request->get_param( 'success' ) ) {
			return new WP_Error(
				'rest_missing_callback_param',
				__( 'Missing parameter: success (what the store said, from the return address).', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				array(
					'status' => 400,
					'params' => array( 'success' ),
				)
			);
		}
		$result = ( new Connect() )->finish(
			(string) $request->get_param( 'token' ),
			(bool) $request->get_param( 'success' ),
			get_current_user_id()
		);
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		if ( 'connected' === $result['status'] ) {
			SiteHealth::remember( $result['report'] );
			// A new key: learn now whether it may delete, so the screens say so before anyone tries.
			( new Service() )->delete_permission( true );
		}
		$result += array(
			'report' => null,
			'revoke' => null,
		);
		return rest_ensure_response( $result + array( 'settings' => SettingsController::view( new Settings() ) ) );
	}
}
