<?php
/**
 * The double's switches, per site (options, so the web server sees what a test set). Tests call these in-process
 * on the test database; they take effect on the next HTTP request. Outside a transaction (HttpTestCase) each
 * update is committed at once.
 *
 *   Control::set_mode( '4.7.0' );                       // see MODES
 *   Control::set_faults( array( 'fault' => '429', 'retry_after' => 7, 'times' => 1 ) );
 *   Control::reset();                                   // baseline 4.3.6, default faults
 *   Control::set_load_cart_query_name( 'restore' );     // as a site filtering cocart_load_cart_query_name
 *   Control::create_key( $user_id, 'read' );            // a WooCommerce REST API key
 *   Control::seed( 500, 42 );                           // deterministic carts (Seeder)
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class Control {

	public const MODE_OPTION       = 'cocart_double_mode';
	public const FAULTS_OPTION     = 'cocart_double_faults';
	public const REMAINING_OPTION  = 'cocart_double_fault_remaining';

	/**
	 * Version modes: id => what it emulates.
	 *  4.3.6       the baseline, measured on the real thing (docs/cocart-api.md#measured).
	 *  4.2.0       4.2.0–4.3.5: single GET, DELETE (and /items) always 404 (deprecated get_cart() returns null).
	 *  4.7.0       single GET and /items fatal (500) when the cart has an item; CoCart-Version only with WP_DEBUG.
	 *  4.8.0       as 4.7.0, plus CoCart's Basic auth runs before WooCommerce's: Basic ck:cs → 401
	 *              cocart_authentication_error, query-string keys still work.
	 *  documented  what CoCart's docs show instead of the source: /sessions/<key>, page/per_page, rows with
	 *              cart_items, cart_totals.total, customer.billing_email, unix cart_expiry, {"deleted":true}.
	 */
	public const MODES = array(
		'4.3.6'      => '4.3.6',
		'4.2.0'      => '4.2.0',
		'4.7.0'      => '4.7.0',
		'4.8.0'      => '4.8.0',
		'documented' => '4.6.0',
	);

	/**
	 * Fault and cost switches, with their defaults.
	 *  latency_ms      wall-clock delay added to every matching request.
	 *  cost_ms         CPU burnt per matching HTTP request (the real store's bootstrap costs ~62 ms; use 60).
	 *                  Above 0 it also switches on inprocess_cost_ms.
	 *  inprocess_cost_ms  CPU a matching in-process call costs in all (rest_do_request() from this WordPress,
	 *                  which boots nothing): ~1 ms on the real store (0.98 ms a GET, 0.67 ms a DELETE). The
	 *                  double's own work counts towards it; only the rest is burnt. Only while cost_ms > 0.
	 *                  Latency and faults never apply in-process (no network, no proxy).
	 *  list_oom_above  the list dies of memory above this many rows (500 + WordPress's HTML critical-error page;
	 *                  12400 ≈ a 128M store). 0 = never.
	 *  fault           null | '429' | '500' | '502' | '503' | 'hang' | 'html' | 'truncated' | 'warnings'.
	 *  retry_after     seconds, for 429 (and 503).
	 *  hang_seconds    how long 'hang' holds the connection before closing it without a response.
	 *  routes          which requests faults/costs hit: 'all' or any of list, single, items, delete, store,
	 *                  system_status, tools.
	 *  times           0 = every matching request; N = only the next N matching requests.
	 *  share           the share (0–1) of matching requests that get the fault, picked at random (1 = all):
	 *                  e.g. 0.2 with fault 500 and routes delete fails about one delete in five.
	 */
	public const FAULT_DEFAULTS = array(
		'latency_ms'        => 0,
		'cost_ms'           => 0,
		'inprocess_cost_ms' => 1,
		'list_oom_above'    => 12400,
		'fault'             => null,
		'retry_after'       => 30,
		'hang_seconds'      => 30,
		'routes'            => array( 'all' ),
		'times'             => 0,
		'share'             => 1.0,
	);

	public const FAULTS = array( '429', '500', '502', '503', 'hang', 'html', 'truncated', 'warnings' );

	public static function mode(): string {
		$mode = (string) get_option( self::MODE_OPTION, '4.3.6' );
		return isset( self::MODES[ $mode ] ) ? $mode : '4.3.6';
	}

	/**
	 * The CoCart version the current mode reports (system status, /store, CoCart-Version header).
	 */
	public static function version(): string {
		return self::MODES[ self::mode() ];
	}

	public static function set_mode( string $mode ): void {
		if ( ! isset( self::MODES[ $mode ] ) ) {
			throw new \InvalidArgumentException(
				"Unknown CoCart double mode '$mode'; one of: "
				. implode( ', ', array_keys( self::MODES ) )
			);
		}
		update_option( self::MODE_OPTION, $mode, true );
	}

	/**
	 * @return array<string,mixed>
	 */
	public static function faults(): array {
		$saved = get_option( self::FAULTS_OPTION, array() );
		return array_merge( self::FAULT_DEFAULTS, is_array( $saved ) ? $saved : array() );
	}

	/**
	 * Replaces the fault settings (unnamed ones get their defaults).
	 *
	 * @param array<string,mixed> $faults
	 */
	public static function set_faults( array $faults ): void {
		$unknown = array_diff( array_keys( $faults ), array_keys( self::FAULT_DEFAULTS ) );
		if ( $unknown ) {
			throw new \InvalidArgumentException( 'Unknown fault setting(s): ' . implode( ', ', $unknown ) );
		}
		if ( isset( $faults['fault'] ) && ! in_array( (string) $faults['fault'], self::FAULTS, true ) ) {
			throw new \InvalidArgumentException(
				"Unknown fault '{$faults['fault']}'; one of: "
				. implode( ', ', self::FAULTS )
			);
		}
		if ( isset( $faults['fault'] ) ) {
			$faults['fault'] = (string) $faults['fault'];
		}
		if ( isset( $faults['routes'] ) ) {
			$faults['routes'] = (array) $faults['routes'];
		}
		update_option( self::FAULTS_OPTION, $faults, true );
		update_option( self::REMAINING_OPTION, (int) ( $faults['times'] ?? 0 ), true );
	}

	/**
	 * Option: '0' makes this WordPress behave, for the Cart Sessions plugin on it, as if CoCart ran on another
	 * WordPress (its in-process transport is off: filter cart_sessions_in_process), so browser tests can exercise
	 * the key path against the dev sites. Default '1': CoCart is here, as on a store with the plugin installed.
	 */
	public const IN_PROCESS_OPTION = 'cocart_double_in_process';

	public static function in_process(): bool {
		return '0' !== (string) get_option( self::IN_PROCESS_OPTION, '1' );
	}

	public static function set_in_process( bool $on ): void {
		update_option( self::IN_PROCESS_OPTION, $on ? '1' : '0', true );
	}

	/**
	 * Option: a name for CoCart's cocart_load_cart_query_name filter on this site (the storefront's "load cart"
	 * parameter), as a site that white-labels it would set; '' keeps CoCart's default, cocart-load-cart.
	 */
	public const LOAD_CART_QUERY_OPTION = 'cocart_double_load_cart_query_name';

	public static function set_load_cart_query_name( string $name ): void {
		update_option( self::LOAD_CART_QUERY_OPTION, $name, true );
	}

	public static function reset(): void {
		update_option( self::MODE_OPTION, '4.3.6', true );
		update_option( self::FAULTS_OPTION, array(), true );
		update_option( self::REMAINING_OPTION, 0, true );
		update_option( self::LOAD_CART_QUERY_OPTION, '', true );
		self::reset_requests();
	}

	/** Prefix of the options that count the HTTP requests served, one per route kind (Faults::route_kind_of()). */
	public const REQUESTS_OPTION_PREFIX = 'cocart_double_requests_';

	public const REQUEST_KINDS = array(
		'list',
		'single',
		'items',
		'delete',
		'store',
		'system_status',
		'tools',
		'other',
	);

	/**
	 * Counts one HTTP request of a kind (atomically: concurrent requests each count once).
	 */
	public static function count_request( string $kind ): void {
		global $wpdb;
		$wpdb->query(
			$wpdb->prepare(
				"INSERT INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, '1', 'no')
				ON DUPLICATE KEY UPDATE option_value = option_value + 1",
				self::REQUESTS_OPTION_PREFIX . $kind
			)
		);
	}

	/**
	 * The HTTP requests served since the last reset, by route kind (read from the database, not a cache: other
	 * processes count them).
	 *
	 * @return array<string,int>
	 */
	public static function requests(): array {
		global $wpdb;
		$out = array_fill_keys( self::REQUEST_KINDS, 0 );
		foreach ( self::REQUEST_KINDS as $kind ) {
			$out[ $kind ] = (int) $wpdb->get_var(
				$wpdb->prepare(
					"SELECT option_value FROM {$wpdb->options} WHERE option_name = %s",
					self::REQUESTS_OPTION_PREFIX . $kind
				)
			);
		}
		return $out;
	}

	public static function reset_requests(): void {
		global $wpdb;
		foreach ( self::REQUEST_KINDS as $kind ) {
			$wpdb->delete( $wpdb->options, array( 'option_name' => self::REQUESTS_OPTION_PREFIX . $kind ) );
		}
	}

	/**
	 * Creates a WooCommerce REST API key for a user, as WC_Auth::create_keys() does.
	 *
	 * @return array{key_id:int,consumer_key:string,consumer_secret:string,truncated_key:string}
	 */
	public static function create_key(
		int $user_id,
		string $permissions = 'read_write',
		string $description = 'CoCart double'
	): array {
		return Keys::create( $user_id, $permissions, $description );
	}

	/**
	 * Seeds carts deterministically (see Seeder::seed()).
	 *
	 * @return array<string,mixed>
	 */
	public static function seed( int $count, int $seed = 1, ?int $now = null, bool $replace = false ): array {
		return ( new Seeder() )->seed( $count, $seed, $now, $replace );
	}
}
