<?php
/**
 * The Sessions routes of cart-sessions/v1 (the JSON the Sessions tab reads, src/api/sessions.ts):
 *
 *   GET    sessions              page, per_page (1–100), the filter (FILTER_ARGS: search ≤ 200 chars in key, name,
 *                                email; status, a list; source; has_items; has_email; expires_within, days; product),
 *                                orderby, order, refresh, live (afresh, but never retrying a store remembered as too
 *                                big), details (wait|cached), value → {items,
 *                                total, total_pages, page, per_page, stale, fetched_at, can_delete,
 *                                can_delete_reason, currency, details_pending (rows still without their details:
 *                                with details=cached, or beyond the time budget of an items filter/sort; ask
 *                                again), matching_value ({total, carts}: the known totals of every matching
 *                                cart, only with value=1, else null)};
 *                                headers X-WP-Total, X-WP-TotalPages, X-Cart-Sessions-Details-Pending
 *   GET    sessions/<key>        the row merged with CoCart's detail (items, coupons, fees, totals, checks)
 *   DELETE sessions/<key>        {key, result: deleted | not_found, message} or an error naming why it failed
 *   POST   sessions/delete       {keys: [1–100 keys]} or {filter: {the same filter arguments as GET sessions},
 *                                 expected_count, all (true: an empty filter means every cart)}
 *                                → {results: [{key, result, message}], deleted, not_found, failed}
 *   POST   sessions/clear-expired  runs CoCart's own "Clear expired carts" tool on the store (the way out when the
 *                                store is too big for its own list: docs/cocart-api.md#measured) → {cleared, before,
 *                                after, message}
 *
 * Every argument is declared (type, bounds, enum, pattern), so bad input is a 400 rest_invalid_param naming the
 * field before anything reaches the store. A key is [A-Za-z0-9_]{1,42} (CoCart's route accepts [\w]+; the column
 * is char(42)); the route itself accepts any text after sessions/ so that a bad key is a 400, not a 404.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Rest;

use CartSessions\Cleanup\Runner;
use CartSessions\Sessions\Query;
use CartSessions\Sessions\Service;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class SessionsController {

	public const KEY_PATTERN = '^[A-Za-z0-9_]{1,42}$';
	public const MAX_KEYS    = 100;
	public const MAX_SEARCH  = 200;
	/** The arguments that choose carts: GET sessions, GET export and the bulk delete's filter take the same ones. */
	public const FILTER_ARGS = array(
		'search',
		'status',
		'source',
		'has_items',
		'has_email',
		'expires_within',
		'product',
	);

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		register_rest_route(
			Permission::NAMESPACE,
			'/sessions',
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => array( $this, 'list' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => self::list_args(),
			)
		);
		register_rest_route(
			Permission::NAMESPACE,
			'/sessions/delete',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'bulk_delete' ),
				'permission_callback' => array( Permission::class, 'check' ),
				'args'                => self::with_callbacks( array(
					'keys'   => array(
						'description'       => __( 'Cart keys to delete (1–100).', 'cart-sessions-for-cocart' ),
						'type'              => 'array',
						'minItems'          => 1,
						'maxItems'          => self::MAX_KEYS,
						'items'             => self::key_schema(),
						'required'          => false,
						'validate_callback' => array( self::class, 'validate_keys' ),
					),
					'filter' => array(
						'description'          => __(
							'Delete every cart matching this filter now (never the API key owner’s own cart).',
							'cart-sessions-for-cocart'
						),
						'type'       => 'object',
						'properties' => self::filter_args(),
						'additionalProperties' => false,
						'required'             => false,
					),
					'expected_count' => array(
						'description' => __(
							'With filter: how many carts the user confirmed. Nothing is deleted (409) when more match now.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
							'cart-sessions-for-cocart'
						),
						'type'     => 'integer',
						'minimum'  => 0,
						'required' => false,
					),
					'all'            => array(
						'description' => __(
							'With an empty filter: true to delete every cart (never the API key owner’s own).',
							'cart-sessions-for-cocart'
						),
						'type'    => 'boolean',
						'default' => false,
					),
				) ),
			)
		);
		register_rest_route(
			Permission::NAMESPACE,
			'/sessions/clear-expired',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'clear_expired' ),
				'permission_callback' => array( Permission::class, 'check' ),
			)
		);
		register_rest_route(
			Permission::NAMESPACE,
			'/sessions/(?P<key>.+)',
			array(
				'args' => array(
					'key' => array(
						'description'       => __( 'The cart key.', 'cart-sessions-for-cocart' ),
						'required'          => true,
						'validate_callback' => array( self::class, 'validate_key' ),
						'sanitize_callback' => 'rest_sanitize_request_arg',
					) + self::key_schema(),
				),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get' ),
					'permission_callback' => array( Permission::class, 'check' ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete' ),
					'permission_callback' => array( Permission::class, 'check' ),
				),
			)
		);
	}

	/**
	 * @return array<string,array<string,mixed>>
	 */
	public static function list_args(): array {
		return self::with_callbacks( array(
			'page'      => array(
				'description' => __(
					'Page number, from 1. A page beyond the end is empty.',
					'cart-sessions-for-cocart'
				),
				'type'    => 'integer',
				'minimum' => 1,
				'maximum' => PHP_INT_MAX,
				'default' => 1,
			),
			'per_page'  => array(
				'description' => __( 'Carts per page (1–100).', 'cart-sessions-for-cocart' ),
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 100,
				'default'     => 20,
			),
		) + self::filter_args() + array(
			'orderby'   => array(
				'description' => __( 'Sort by this column.', 'cart-sessions-for-cocart' ),
				'type'        => 'string',
				'enum'        => Query::ORDERBY,
				'default'     => 'expires',
			),
			'order'     => array(
				'description' => __( 'Sort direction.', 'cart-sessions-for-cocart' ),
				'type'        => 'string',
				'enum'        => Query::ORDER,
				'default'     => 'desc',
			),
			'refresh'   => array(
				'description' => __(
					'Fetch the list from the store now instead of using the cached one.',
					'cart-sessions-for-cocart'
				),
				'type'    => 'boolean',
				'default' => false,
			),
			'live'      => array(
				'description' => __(
					'A live refresh: fetch the list from the store now, but not from a store remembered as too big for its own list.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'type'    => 'boolean',
				'default' => false,
			),
			'details'   => array(
				'description' => __(
					'wait: fetch the item counts and totals of the rows shown that are not cached yet; cached: answer at once with what is cached (details_pending says how many rows lack them).', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'type'    => 'string',
				'enum'    => array( 'wait', 'cached' ),
				'default' => 'wait',
			),
			'value'     => array(
				'description' => __(
					'Also sum the known totals of every matching cart (matching_value), for the “delete all matching” confirmation.', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'type'    => 'boolean',
				'default' => false,
			),
		) );
	}

	/**
	 * The schema of each filter argument (Query::filter_of() reads them).
	 *
	 * @return array<string,array<string,mixed>>
	 */
	private static function filter_args(): array {
		return array(
			'search'         => self::search_schema(),
			'status'         => array(
				'description' => __(
					'Only carts with any of these statuses (a list; expiring: within 6 hours; active and expiring are the live carts).', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => Query::STATUSES,
				),
				'uniqueItems' => true,
			),
			'source'         => array(
				'description' => __(
					'Only carts from this source (other: anything but cocart and woocommerce).',
					'cart-sessions-for-cocart'
				),
				'type'        => 'string',
				'enum'        => Query::SOURCES,
			),
			'has_items'      => array(
				'description' => __( 'Only carts with items (yes) or empty ones (no).', 'cart-sessions-for-cocart' ),
				'type'        => 'string',
				'enum'        => Query::HAS_ITEMS,
			),
			'has_email'      => array(
				'description' => __(
					'Only carts whose customer left an email (yes) or guests without one (no).',
					'cart-sessions-for-cocart'
				),
				'type'        => 'string',
				'enum'        => Query::HAS_EMAIL,
			),
			'expires_within' => array(
				'description' => __(
					'Only carts that expire within this many days from now (expired ones too, unless status says otherwise).', // phpcs:ignore Generic.Files.LineLength -- one translatable string.
					'cart-sessions-for-cocart'
				),
				'type'        => 'integer',
				'enum'        => Query::EXPIRES_WITHIN,
			),
			'product'        => array(
				'description' => __( 'Only carts holding this product (its ID).', 'cart-sessions-for-cocart' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
		);
	}

	/**
	 * Gives every argument WordPress's schema validation and sanitising, unless it has its own.
	 *
	 * @param array<string,array<string,mixed>> $args
	 * @return array<string,array<string,mixed>>
	 */
	private static function with_callbacks( array $args ): array {
		foreach ( $args as &$arg ) {
			$arg += array(
				'validate_callback' => 'rest_validate_request_arg',
				'sanitize_callback' => 'rest_sanitize_request_arg',
			);
		}
		return $args;
	}

	/**
	 * @return array<string,mixed>
	 */
	private static function key_schema(): array {
		return array(
			'type'      => 'string',
			'pattern'   => self::KEY_PATTERN,
			'minLength' => 1,
			'maxLength' => 42,
		);
	}

	/**
	 * @return array<string,mixed>
	 */
	private static function search_schema(): array {
		return array(
			'description'       => __(
				'Text to find in the cart key, customer name or email (case-insensitive).',
				'cart-sessions-for-cocart'
			),
			'type'              => 'string',
			'maxLength'         => self::MAX_SEARCH,
			'sanitize_callback' => array( self::class, 'sanitize_search' ),
		);
	}

	/**
	 * A key: a string of 1–42 letters, digits or underscores. Anything else (slashes, dots, NUL, spaces, 200
	 * characters) is refused here, so it never reaches the store.
	 *
	 * @param mixed $value
	 * @return true|WP_Error
	 */
	public static function validate_key( $value, WP_REST_Request $request, string $param ) {
		if ( ! is_string( $value ) || 1 !== preg_match( '/' . self::KEY_PATTERN . '/D', $value ) ) {
			return new WP_Error(
				'rest_invalid_param',
				sprintf(
					/* translators: %s: parameter name */
					__( '%s must be 1 to 42 letters, digits or underscores.', 'cart-sessions-for-cocart' ),
					$param
				),
				array( 'status' => 400 )
			);
		}
		return true;
	}

	/**
	 * Keys: a real JSON list (WordPress would also take "a,b" as a list; a bulk delete does not guess), then the
	 * schema (1–100 keys, each a key).
	 *
	 * @param mixed $value
	 * @return true|WP_Error
	 */
	public static function validate_keys( $value, WP_REST_Request $request, string $param ) {
		if ( ! is_array( $value ) || ( array() !== $value && ! wp_is_numeric_array( $value ) ) ) {
			return new WP_Error(
				'rest_invalid_param',
				/* translators: %s: parameter name */
				sprintf( __( '%s must be a list of cart keys.', 'cart-sessions-for-cocart' ), $param ),
				array( 'status' => 400 )
			);
		}
		return rest_validate_request_arg( $value, $request, $param );
	}

	/**
	 * Search text: validated by the schema first (string, ≤ 200 characters), then control characters removed.
	 *
	 * @param mixed $value
	 * @return string|WP_Error
	 */
	public static function sanitize_search( $value, $request = null, string $param = 'search' ) {
		$valid = rest_validate_value_from_schema(
			$value,
			array( 'type' => 'string', 'maxLength' => self::MAX_SEARCH ),
			$param
		);
		if ( is_wp_error( $valid ) ) {
			return $valid;
		}
		$value = wp_check_invalid_utf8( (string) $value );
		return trim( (string) preg_replace( '/[\x00-\x1F\x7F]/u', '', $value ) );
	}

	public function list( WP_REST_Request $request ) {
		$result = ( new Service() )->list(
			array(
				'page'     => (int) $request['page'],
				'per_page' => (int) $request['per_page'],
				'orderby'  => (string) $request['orderby'],
				'order'    => (string) $request['order'],
				'refresh'  => (bool) $request['refresh'],
				'live'     => (bool) $request['live'],
				'details'  => (string) $request['details'],
				'value'    => (bool) $request['value'],
			) + self::filter_from( $request )
		);
		if ( $result instanceof WP_Error ) {
			return $result;
		}
		$response = new WP_REST_Response( $result['body'], 200 );
		$response->header( 'X-WP-Total', (string) $result['body']['total'] );
		$response->header( 'X-WP-TotalPages', (string) $result['body']['total_pages'] );
		$response->header( 'X-Cart-Sessions-Details-Pending', (string) $result['details_pending'] );
		return $response;
	}

	/**
	 * The filter arguments a request sent, for Query::filter_of().
	 *
	 * @return array<string,mixed>
	 */
	public static function filter_from( WP_REST_Request $request ): array {
		$args = array();
		foreach ( self::FILTER_ARGS as $name ) {
			if ( null !== $request[ $name ] ) {
				$args[ $name ] = $request[ $name ];
			}
		}
		return $args;
	}

	public function get( WP_REST_Request $request ) {
		$result = ( new Service() )->get( (string) $request['key'] );
		return $result instanceof WP_Error ? $result : new WP_REST_Response( $result, 200 );
	}

	public function delete( WP_REST_Request $request ) {
		$result = ( new Service() )->delete( (string) $request['key'] );
		if ( $result instanceof WP_Error ) {
			return $result;
		}
		if ( 'failed' === $result['result'] ) {
			$error = $result['error'];
			$data  = (array) $error->get_error_data();
			return new WP_Error(
				$error->get_error_code(),
				$error->get_error_message(),
				array_merge(
					$data,
					array(
						'key'    => $result['key'],
						'result' => 'failed',
					)
				)
			);
		}
		return new WP_REST_Response(
			array(
				'key'     => $result['key'],
				'result'  => $result['result'],
				'message' => $result['message'],
			),
			200
		);
	}

	public function bulk_delete( WP_REST_Request $request ) {
		$has_keys   = null !== $request['keys'];
		$has_filter = null !== $request['filter'];
		if ( $has_keys === $has_filter ) {
			return new WP_Error(
				$has_keys ? 'rest_invalid_param' : 'rest_missing_callback_param',
				$has_keys
					? __( 'Send either keys or filter, not both.', 'cart-sessions-for-cocart' )
					: __( 'Send keys (a list of cart keys) or filter.', 'cart-sessions-for-cocart' ),
				array(
					'status' => 400,
					'params' => $has_keys
						? array(
							'keys'   => __( 'Send either keys or filter, not both.', 'cart-sessions-for-cocart' ),
							'filter' => __( 'Send either keys or filter, not both.', 'cart-sessions-for-cocart' ),
						)
						: array( 'keys', 'filter' ),
				)
			);
		}
		if ( $has_filter && null === $request['expected_count'] ) {
			return new WP_Error(
				'rest_missing_callback_param',
				__(
					'Send expected_count (the number of carts the user confirmed) with filter.',
					'cart-sessions-for-cocart'
				),
				array(
					'status' => 400,
					'params' => array( 'expected_count' ),
				)
			);
		}
		$service = new Service();
		$result  = $has_keys
			? $service->delete_keys( (array) $request['keys'] )
			: $service->delete_matching(
				(array) $request['filter'],
				(int) $request['expected_count'],
				(bool) $request['all']
			);
		return $result instanceof WP_Error ? $result : new WP_REST_Response( $result, 200 );
	}

	public function clear_expired() {
		$result = ( new Runner() )->clear_expired_now( get_current_user_id() );
		return $result instanceof WP_Error ? $result : new WP_REST_Response( $result, 200 );
	}
}
