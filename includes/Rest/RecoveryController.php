<?php
/**
 * POST cart-sessions/v1/recovery — the screen says it gave a cart's restore link to a customer, so the audit log
 * records who did it and when (context "recovery", result link_copied or link_emailed). Nothing is sent to the
 * customer by this site: "emailed" means the manager's own mail client was opened with the link (mailto:).
 *
 *   POST recovery  { "key": "t_…", "action": "copied" | "emailed" }  → 201 { "key", "action", "recorded_at" }
 *
 * Bad input is a 400 naming the field (the key as every route checks it: 1–42 letters, digits or underscores).
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Cleanup\Audit;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class RecoveryController {

	/** What the manager did with the link => the audit row's result. */
	public const ACTIONS = array(
		'copied'  => 'link_copied',
		'emailed' => 'link_emailed',
	);

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		register_rest_route(
			Permission::NAMESPACE,
			'/recovery',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'record' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => array(
					'key'    => array(
						'description'       => __( 'The cart key.', 'cart-sessions-for-cocart' ),
						'type'              => 'string',
						'validate_callback' => array( SessionsController::class, 'validate_key' ),
						'sanitize_callback' => 'rest_sanitize_request_arg',
					),
					'action' => array(
						'description'       => __(
							'What was done with the cart’s restore link: copied, or emailed (a mail client opened).',
							'cart-sessions-for-cocart'
						),
						'type'              => 'string',
						'enum'              => array_keys( self::ACTIONS ),
						'validate_callback' => 'rest_validate_request_arg',
						'sanitize_callback' => 'rest_sanitize_request_arg',
					),
				),
			)
		);
	}

	/**
	 * @return WP_REST_Response|WP_Error
	 */
	public function record( WP_REST_Request $request ) {
		// Checked here rather than as "required", so that a visitor is told to log in (401) before anything else.
		$missing = array_values(
			array_filter(
				array( 'key', 'action' ),
				static function ( string $name ) use ( $request ): bool {
					return null === $request[ $name ];
				}
			)
		);
		if ( array() !== $missing ) {
			return new WP_Error(
				'rest_missing_callback_param',
				sprintf(
					/* translators: %s: list of parameter names */
					__( 'Missing parameter(s): %s', 'cart-sessions-for-cocart' ),
					implode( ', ', $missing )
				),
				array(
					'status' => 400,
					'params' => $missing,
				)
			);
		}
		$key    = (string) $request['key'];
		$action = (string) $request['action'];
		Audit::record(
			array(
				array(
					'key'    => $key,
					'result' => self::ACTIONS[ $action ],
				),
			),
			array(
				'context' => 'recovery',
				'user_id' => get_current_user_id(),
			)
		);
		return new WP_REST_Response(
			array(
				'key'         => $key,
				'action'      => $action,
				'recorded_at' => gmdate( 'Y-m-d\TH:i:s\Z' ),
			),
			201
		);
	}
}
