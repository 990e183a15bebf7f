<?php
/**
 * GET/POST cart-sessions/v1/settings — the connection settings. The consumer secret is write-only: it goes in,
 * never out (only "secret_saved" and a "ck_…a1b2" hint of the key come back).
 *
 * GET settings → 200
 *   {
 *     "store_url": "https://shop.example.com",        effective value (override > saved > this site)
 *     "store_url_default": "http://127.0.0.1:8899",   this site's home URL
 *     "consumer_key_hint": "ck_…a1b2",                "" when none
 *     "secret_saved": true,
 *     "backup_keys": [ { "index": 1, "consumer_key_hint": "ck_…c3d4", "secret_saved": true } ],
 *     "timeout": 15,                                  seconds, 2–60
 *     "debug_log": false,
 *     "state": "ok" | "not_configured" | "reconnect_required" | "invalid_override",
 *     "errors": { "consumer_key": "COCART_CONSUMER_KEY … is not valid: …" },   overrides that are invalid
 *     "sources": { "store_url": "constant"|"environment"|"saved"|"default", "consumer_key": …,
 *                  "consumer_secret": …, "backup_keys": …, "timeout": … },
 *     "locked": { "store_url": true, "consumer_key": false, … },                set by an override
 *     "overridden_by": { "store_url": "COCART_API_URL" },
 *     "key_in_use": null | { "index": 0, "label": "primary"|"backup", "consumer_key_hint": "ck_…a1b2",
 *                            "auth": null|"basic"|"query"|"oauth", "rotated_at": null|"2025-03-14T09:26:53+00:00",
 *                            "rotated_from_hint": null|"ck_…a1b2" },
 *     "encryption": { "key_source": "constant"|"salts", "available": true },
 *     "history_retention_days": 400,                   days the daily snapshots and cleanup runs are kept (1–3650)
 *     "audit_retention_days": 90,                       days the audit log of deleted carts is kept (1–3650)
 *     "restore_link": "",                               the restore link template with {cart_key}; "" = the default
 *     "restore_link_default": "http://…/cart/?cocart-load-cart={cart_key}&notify=true"
 *   }
 *
 * POST settings (JSON body; every field optional, absent = unchanged) → 200 with the GET shape
 *   { "store_url": "https://shop.example.com" | "" (this site), "consumer_key": "ck_…" | "" (remove),
 *     "consumer_secret": "cs_…" | "" (keep the saved one), "backup_keys": [ { "consumer_key": "ck_…",
 *     "consumer_secret": "cs_…" | "" (keep) } ], "timeout": 20, "debug_log": true, "clear_credentials": true,
 *     "history_retention_days": 400, "audit_retention_days": 90, "restore_link": "https://…?k={cart_key}" }
 * Bad input → 400 { "code": "rest_invalid_param", "message": "Invalid parameter(s): consumer_key",
 *                   "data": { "status": 400, "params": { "consumer_key": "…what to do…" } } }
 * and nothing is saved. params keys: store_url, consumer_key, consumer_secret, timeout, debug_log, backup_keys
 * (the list as a whole), "backup_keys[0]" (that pair, or its key), "backup_keys[0].consumer_secret",
 * history_retention_days, audit_retention_days, restore_link.
 * 500 cart_sessions_encryption_unavailable when the server cannot encrypt (nothing saved, never plaintext).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\CoCart\Client;
use CartSessions\CoCart\Connect;
use CartSessions\Credentials\Settings;
use CartSessions\Credentials\Validator;
use CartSessions\Health\SiteHealth;
use CartSessions\Privacy\Retention;
use CartSessions\Sessions\RestoreLink;
use CartSessions\Sessions\Service;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class SettingsController {

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		register_rest_route(
			Permission::NAMESPACE,
			'/settings',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_settings' ),
					'permission_callback' => array( Permission::class, 'check' ),
					'args'                => array(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'save_settings' ),
					'permission_callback' => array( Permission::class, 'check' ),
					'args'                => self::args(),
				),
			)
		);
	}

	/**
	 * @return array<string,array<string,mixed>>
	 */
	public static function args(): array {
		$check = static function ( string $validator, bool $empty_ok ): callable {
			return static function ( $value, $request, $param ) use ( $validator, $empty_ok ) {
				$valid = rest_validate_request_arg( $value, $request, $param );
				if ( true !== $valid ) {
					return $valid;
				}
				if ( $empty_ok && '' === trim( (string) $value ) ) {
					return true;
				}
				$error = Validator::$validator( $value );
				return null === $error ? true : new WP_Error( 'rest_invalid_param', $error, array( 'status' => 400 ) );
			};
		};
		$trim = static function ( $value ) {
			return is_string( $value ) ? trim( $value ) : $value;
		};
		return array(
			'store_url'         => array(
				'description'       => __(
					'The store’s home address (http or https); empty for this site.',
					'cart-sessions-for-cocart'
				),
				'type'              => 'string',
				'maxLength'         => Validator::MAX_URL_LENGTH,
				'validate_callback' => $check( 'store_url', true ),
				'sanitize_callback' => $trim,
			),
			'consumer_key'      => array(
				'description'       => __(
					'WooCommerce REST API consumer key (ck_…); empty to remove the key pair.',
					'cart-sessions-for-cocart'
				),
				'type'              => 'string',
				'maxLength'         => 100,
				'validate_callback' => $check( 'consumer_key', true ),
				'sanitize_callback' => $trim,
			),
			'consumer_secret'   => array(
				'description'       => __(
					'WooCommerce REST API consumer secret (cs_…); write-only; empty keeps the saved one.',
					'cart-sessions-for-cocart'
				),
				'type'              => 'string',
				'maxLength'         => 100,
				'validate_callback' => $check( 'consumer_secret', true ),
				'sanitize_callback' => $trim,
			),
			'backup_keys'       => array(
				'description'       => __(
					'Backup key pairs, tried in order when the key in use is refused.',
					'cart-sessions-for-cocart'
				),
				'type'     => 'array',
				'maxItems' => Settings::MAX_BACKUP_KEYS,
				'items'    => array(
					'type'       => 'object',
					'properties' => array(
						'consumer_key'    => array(
							'type'      => 'string',
							'maxLength' => 100,
						),
						'consumer_secret' => array(
							'type'      => 'string',
							'maxLength' => 100,
						),
					),
					'required'             => array( 'consumer_key' ),
					'additionalProperties' => false,
				),
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'rest_sanitize_request_arg',
			),
			'timeout'           => array(
				'description'       => __( 'Seconds to wait for the store.', 'cart-sessions-for-cocart' ),
				'type'              => 'integer',
				'minimum'           => Validator::MIN_TIMEOUT,
				'maximum'           => Validator::MAX_TIMEOUT,
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'absint',
			),
			'debug_log'         => array(
				'description'       => __(
					'Record each request to the store (never credentials).',
					'cart-sessions-for-cocart'
				),
				'type'              => 'boolean',
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'rest_sanitize_boolean',
			),
			'clear_credentials' => array(
				'description'       => __( 'Forget every saved key pair.', 'cart-sessions-for-cocart' ),
				'type'              => 'boolean',
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'rest_sanitize_boolean',
			),
		) + self::retention_args() + array( RestoreLink::FIELD => RestoreLink::arg() );
	}

	/**
	 * @return array<string,array<string,mixed>>
	 */
	private static function retention_args(): array {
		$descriptions = array(
			'history_retention_days' => __(
				'Days the daily history snapshots and the history of cleanup runs are kept.',
				'cart-sessions-for-cocart'
			),
			'audit_retention_days'   => __(
				'Days the audit log of deleted carts is kept.',
				'cart-sessions-for-cocart'
			),
		);
		$args         = array();
		foreach ( $descriptions as $field => $description ) {
			$args[ $field ] = array(
				'description'       => $description,
				'type'              => 'integer',
				'minimum'           => Retention::MIN_DAYS,
				'maximum'           => Retention::MAX_DAYS,
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'absint',
			);
		}
		return $args;
	}

	public function get_settings(): WP_REST_Response {
		return rest_ensure_response( self::view( new Settings() ) );
	}

	/**
	 * What the Settings tab shows: the connection, retention, whether CoCart is on this site and called
	 * in-process (then no key is needed), whether "Connect to a store" can work here (and why not), and what the
	 * doctor last found.
	 *
	 * @return array<string,mixed>
	 */
	public static function view( Settings $settings ): array {
		$in_process = ( new Client( $settings ) )->in_process();
		$refusal    = ( new Connect( null, $settings ) )->refusal( ConnectionController::callback_url() );
		return $settings->describe() + Retention::describe() + RestoreLink::describe( $settings ) + array(
			'in_process'  => $in_process,
			'connect'     => array(
				'available' => null === $refusal,
				'reason'    => null === $refusal ? null : $refusal->get_error_message(),
			),
			'last_report' => SiteHealth::last_report_summary( $settings->store_url() ),
		);
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function save_settings( WP_REST_Request $request ) {
		$input = array();
		foreach ( array_keys( self::args() ) as $field ) {
			if ( null !== $request->get_param( $field ) ) {
				$input[ $field ] = $request->get_param( $field );
			}
		}
		// Retention and the restore link live in their own options: checked first, written only after the
		// connection saved, so a failed save changes nothing.
		$retention = array_intersect_key( $input, Retention::FIELDS );
		$restore   = array_intersect_key( $input, array( RestoreLink::FIELD => true ) );
		$input     = array_diff_key( $input, Retention::FIELDS, $restore );
		$invalid   = Retention::check( $retention ) + RestoreLink::check( $restore );
		if ( array() !== $invalid ) {
			return Retention::invalid( $invalid );
		}
		$settings = new Settings();
		$saved    = $settings->save( $input );
		if ( is_wp_error( $saved ) ) {
			return $saved;
		}
		Retention::save( $retention );
		RestoreLink::save( $restore );
		// A new key pair or store: learn now whether the key may delete, so the screens say so before anyone tries.
		( new Service() )->delete_permission( true );
		return rest_ensure_response( self::view( $settings ) );
	}
}
