<?php
/**
 * The in-process transport: when CoCart runs on this WordPress and the store URL is this site, its routes are
 * called with rest_do_request() instead of a loopback HTTP request (docs/cocart-api.md#measured: ~1 ms a cart
 * instead of ~70 ms, no key, nothing sent out, so a host that blocks loopback requests does not matter).
 *
 * What a real WooCommerce + CoCart store does here, and what follows:
 *  - In a request that is not a CoCart request (our REST routes, wp-admin, cron, WP-CLI) WooCommerce has not
 *    started a session, and CoCart's session controller dies on the null WC()->session. So the session is
 *    started with WC()->initialize_session(), only when there is none. If the handler is then not CoCart's
 *    (another plugin replaced it), the client goes over HTTP instead (Client::transport_for()).
 *  - CoCart checks the current user's manage_woocommerce. In a screen's request that is the logged-in manager.
 *    Cron and WP-CLI without --user have no current user: each call acts as the user who last saved the cleanup
 *    schedule (remember_user()), for that call only, and is refused with a clear message when there is none or
 *    that user can no longer manage WooCommerce.
 *  - Calls create, touch and cookie nothing: rest_do_request() sends no header, and CoCart's handler saves no
 *    session that did not change.
 *  - The answer goes through the same mapping as an HTTP answer (the data as JSON), so the layers above see the
 *    same Response or WP_Error either way.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\CoCart;

use CartSessions\Credentials\Settings;
use WP_Error;

final class InProcess implements Transport {

	/** The user cron and WP-CLI act as in-process: the last user who saved the cleanup schedule. */
	public const USER_OPTION = 'cart_sessions_in_process_user';

	/** The capability CoCart's session routes and WooCommerce's system status check. */
	public const CAPABILITY = 'manage_woocommerce';

	/** A call in this process carries no key pair. */
	private const NO_KEY = array(
		'consumer_key'    => '',
		'consumer_secret' => '',
	);

	/**
	 * What CoCart's list costs in this process a cart, our own decoding of it included: the real CoCart 4.3.6 list of
	 * 30,000 carts peaked at 325 MB in the caller (~11 KiB a cart); the store double's list, which takes as much,
	 * peaks at ~11.5 KiB a cart through this client (InProcessTransportTest measures it against this); the rest is
	 * margin, as the peak varies a little with the PHP version.
	 */
	public const LIST_BYTES_PER_CART = 14 * KB_IN_BYTES;

	/** Memory kept free beyond the estimate (the rest of the request: normalising, the REST answer). */
	public const LIST_HEADROOM = 16 * MB_IN_BYTES;

	/** CoCart's session handler class (CoCart 4.2.0+). */
	private const HANDLER = 'CoCart_Session_Handler';

	/** @var Settings */
	private $settings;

	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Whether the store is this site and CoCart's session routes are registered in this WordPress.
	 */
	public function applies(): bool {
		$applies = self::is_this_site( $this->settings->store_url() )
			&& function_exists( 'WC' )
			&& function_exists( 'rest_do_request' )
			&& self::routes_registered();
		/**
		 * Filters whether CoCart on this site is called in-process (rest_do_request()) instead of over HTTP.
		 * The benchmark turns it off to measure the loopback HTTP way on the same site.
		 *
		 * @param bool $applies The store URL is this site and CoCart's session routes are registered here.
		 */
		return (bool) apply_filters( 'cart_sessions_in_process', $applies );
	}

	/**
	 * Whether a store URL is this WordPress (the default when the store URL is left empty).
	 */
	public static function is_this_site( string $store_url ): bool {
		return '' !== $store_url && untrailingslashit( $store_url ) === untrailingslashit( home_url() );
	}

	private static function routes_registered(): bool {
		$routes = rest_get_server()->get_routes( 'cocart/v2' );
		if ( ! isset( $routes['/cocart/v2/sessions'] ) ) {
			return false;
		}
		foreach ( array_keys( $routes ) as $route ) {
			if ( 0 === strpos( (string) $route, '/cocart/v2/session/' ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Remembers who cron and WP-CLI act as (called when a manager saves the cleanup schedule).
	 */
	public static function remember_user( int $user_id ): void {
		if ( $user_id > 0 ) {
			update_option( self::USER_OPTION, $user_id, false );
		}
	}

	/**
	 * Why CoCart would refuse the user this process acts as, or null when it would not.
	 */
	public function user_refusal(): ?WP_Error {
		$user = $this->acting_user();
		return $user instanceof WP_Error ? $user : null;
	}

	/**
	 * The user CoCart checks: the current one, or without one (cron, WP-CLI without --user) the user who last
	 * saved the cleanup schedule; an error naming the fix when there is none or that user cannot manage
	 * WooCommerce.
	 *
	 * @return int|WP_Error
	 */
	private function acting_user() {
		$user_id = get_current_user_id();
		$saved   = 0 === $user_id;
		if ( $saved ) {
			$user_id = (int) get_option( self::USER_OPTION, 0 );
			if ( ! get_userdata( $user_id ) ) {
				return Errors::make( 'no_user', __( 'CoCart on this site checks who is asking, and this run has no user: save the cleanup schedule again as a store manager (cron runs as that user), or give WP-CLI --user=<a store manager>.', 'cart-sessions-for-cocart' ), 409 ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			}
		}
		if ( user_can( $user_id, self::CAPABILITY ) ) {
			return $user_id;
		}
		$user  = get_userdata( $user_id );
		$login = $user ? $user->user_login : '#' . $user_id;
		return Errors::make(
			'user_cannot',
			$saved
				/* translators: %s: user login */
				? sprintf( __( 'CoCart on this site refuses %s, the user who saved the cleanup schedule: that user can no longer manage WooCommerce (manage_woocommerce). Give the capability back, or save the schedule again as a store manager.', 'cart-sessions-for-cocart' ), $login ) // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				/* translators: %s: user login */
				: sprintf( __( 'CoCart on this site refuses %s: CoCart checks the user who asks, and this user cannot manage WooCommerce (manage_woocommerce). Sign in as a store manager (WP-CLI: --user=<a store manager>), or give this user the Shop manager role.', 'cart-sessions-for-cocart' ), $login ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			403
		);
	}

	/**
	 * The memory guard of the list: in-process, CoCart's list is built inside this request (325 MB at 30,000 carts
	 * on a real store), so before asking for it the cost is estimated from the cart count (WooCommerce's system
	 * status, cheap in-process) and compared with this request's memory limit, raised first to WordPress's admin
	 * limit as core does for heavy admin work. Above it: the error the list running out of memory gives
	 * (data.list_oom), so the layers above answer with their "store too big" state. Null: ask for the list.
	 */
	public function list_refusal(): ?WP_Error {
		$status = $this->dispatch( new Call( 'GET', 'wc/v3/system_status', array(), '', self::NO_KEY, 'none', -1, 0 ) );
		if ( 200 !== $status->status ) {
			return null; // No count: the list itself will say what is wrong.
		}
		$data  = json_decode( $status->body, true );
		$carts = (int) ( $data['cocart']['carts_in_session'] ?? 0 );
		/**
		 * Filters the estimated memory (bytes) CoCart's list of carts takes in this process, a cart.
		 *
		 * @param int $bytes Default LIST_BYTES_PER_CART.
		 */
		$per_cart = (int) apply_filters( 'cart_sessions_in_process_list_bytes_per_cart', self::LIST_BYTES_PER_CART );
		$per_cart = max( 1, $per_cart );
		$needed   = $carts * $per_cart + self::LIST_HEADROOM;
		if ( $needed <= self::memory_free() ) {
			return null;
		}
		wp_raise_memory_limit( 'admin' );
		if ( $needed <= self::memory_free() ) {
			return null;
		}
		return Errors::make(
			'list_too_big',
			sprintf(
				/* translators: 1: number of carts, 2: memory in MB */
				__( 'This site holds %1$s carts — too many for CoCart to list at once within this request’s memory (it would need about %2$s MB). Clear expired carts, or raise WP_MAX_MEMORY_LIMIT.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				number_format_i18n( $carts ),
				number_format_i18n( (int) ceil( ( $needed + memory_get_usage() ) / MB_IN_BYTES ) )
			),
			503,
			array(
				'list_oom' => true,
				'carts'    => $carts,
				'needed'   => $needed,
			)
		);
	}

	/**
	 * Bytes this request may still allocate under its memory limit (PHP_INT_MAX without a limit).
	 */
	public static function memory_free(): int {
		$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
		return $limit <= 0 ? PHP_INT_MAX : $limit - memory_get_usage();
	}

	/**
	 * WooCommerce's session, started when there is none; false when its handler is not CoCart's (then the client
	 * goes over HTTP: Client::transport_for()).
	 */
	public static function session_ready(): bool {
		$wc = WC();
		if ( null === $wc->session && method_exists( $wc, 'initialize_session' ) ) {
			$wc->initialize_session();
		}
		return is_object( $wc->session ) && is_a( $wc->session, self::HANDLER );
	}

	/**
	 * No key: CoCart on this site checks the current user instead (user_refusal()).
	 */
	public function needs_key(): bool {
		return false;
	}

	/**
	 * One call of a store route in this process, once; refused (Answer::refused()) when CoCart would refuse the
	 * user, or when the list would not fit in this request's memory (list_refusal()).
	 */
	public function send( Call $call ): Answer {
		$user = $this->acting_user();
		if ( $user instanceof WP_Error ) {
			return Answer::refused( $user );
		}
		// Cron and WP-CLI act as the saved user for this call only: nothing else in the process runs as them.
		$previous = get_current_user_id();
		if ( $previous !== $user ) {
			wp_set_current_user( $user );
		}
		try {
			$is_list = 'GET' === $call->method && 'cocart/v2/sessions' === trim( $call->path, '/' );
			$too_big = $is_list ? $this->list_refusal() : null;
			return null === $too_big ? $this->dispatch( $call ) : Answer::refused( $too_big );
		} finally {
			if ( $previous !== $user ) {
				wp_set_current_user( $previous );
			}
		}
	}

	/**
	 * rest_do_request() of one call, answered as an HTTP answer would be.
	 */
	private function dispatch( Call $call ): Answer {
		$request = new \WP_REST_Request( $call->method, '/' . ltrim( $call->path, '/' ) );
		if ( in_array( $call->method, array( 'GET', 'HEAD', 'DELETE' ), true ) ) {
			$request->set_query_params( $call->query );
		} else {
			$request->set_body_params( $call->query );
		}
		$started = microtime( true );
		try {
			$response = rest_do_request( $request );
		} catch ( \Throwable $thrown ) {
			// CoCart's controllers can throw (a broken cart): what an HTTP caller would get, a 500.
			$error = array(
				'code'    => 'internal_server_error',
				'message' => get_class( $thrown ) . ': ' . $thrown->getMessage(),
			);
			return Answer::received( 500, array(), (string) wp_json_encode( $error ), self::ms_since( $started ) );
		}
		$data = rest_get_server()->response_to_data( $response, false );
		// The body as JSON, so the client reads it exactly as an HTTP answer (arrays, not objects).
		return Answer::received(
			$response->get_status(),
			self::headers( (array) $response->get_headers() ),
			(string) wp_json_encode( $data ),
			self::ms_since( $started )
		);
	}

	/**
	 * Several calls, one after another (each takes about a millisecond), none started after the deadline.
	 *
	 * @param array<int|string,Call> $calls
	 * @return array<int|string,Answer>
	 */
	public function send_many( array $calls, int $concurrency, ?float $deadline ): array {
		$out = array();
		foreach ( $calls as $id => $call ) {
			if ( null !== $deadline && microtime( true ) >= $deadline ) {
				break;
			}
			$out[ $id ] = $this->send( $call );
		}
		return $out;
	}

	private static function ms_since( float $started ): int {
		return (int) round( ( microtime( true ) - $started ) * 1000 );
	}

	/**
	 * @param array<string,mixed> $headers
	 * @return array<string,string> lower-case names, the last value of each
	 */
	private static function headers( array $headers ): array {
		$out = array();
		foreach ( $headers as $name => $value ) {
			$out[ strtolower( (string) $name ) ] = is_array( $value ) ? (string) end( $value ) : (string) $value;
		}
		return $out;
	}
}
