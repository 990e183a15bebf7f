<?php
/**
 * Which cart is the API key owner's own (docs/cocart-api.md#measured): every authenticated CoCart request makes
 * CoCart save the caller's session, cart_key = the key owner's user ID, source "cocart", its expiry re-stamped to
 * "now + the logged-in lifetime" at the end of the request. It is not a customer's cart.
 *
 * How the ID is known, in order:
 *  1. The store is this site (the default, loopback): the key's user_id in this site's woocommerce_api_keys table.
 *  2. Learned earlier for this connection (option cart_sessions_key_owner).
 *  3. Learned now: we note when (store time: CoCart-Timestamp, else Date) each of our own Sessions API requests
 *     was answered; the owner's row is the one numeric "cocart" row whose expiry is one of those times plus a
 *     logged-in lifetime (7 days in CoCart 4.x; filter cart_sessions_key_owner_lifetimes). Only a single,
 *     unambiguous match is learned.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\Credentials\Settings;

final class KeyOwner {

	public const OPTION       = 'cart_sessions_key_owner';
	public const TIMES_OPTION = 'cart_sessions_request_times';
	private const KEEP_TIMES  = 64;
	private const SLACK       = 5;

	/** @var array<int,bool> Store times noted in this PHP request, not yet saved. */
	private static $pending = array();

	/** @var bool */
	private static $hooked = false;

	/** @var Settings */
	private $settings;

	public function __construct( Settings $settings ) {
		$this->settings = $settings;
	}

	/**
	 * Starts noting our own requests' times (http_api_debug fires for each, sequential or parallel).
	 */
	public static function listen(): void {
		if ( self::$hooked ) {
			return;
		}
		self::$hooked = true;
		add_action( 'http_api_debug', array( self::class, 'note' ), 10, 5 );
		add_action( 'shutdown', array( self::class, 'flush_pending' ) );
	}

	/**
	 * http_api_debug: notes the store's time of an answer to one of our Sessions API requests.
	 *
	 * @param mixed  $response
	 * @param string $context
	 * @param string $class
	 * @param mixed  $args
	 * @param string $url
	 */
	public static function note( $response, $context = '', $class = '', $args = array(), $url = '' ): void {
		if ( ! is_array( $response ) || ! preg_match( '#/cocart/v2/sessions?(/|\?|$)#', (string) $url ) ) {
			return;
		}
		$headers = wp_remote_retrieve_headers( $response );
		$stamp   = is_object( $headers ) || is_array( $headers ) ? ( $headers['cocart-timestamp'] ?? null ) : null;
		$time    = is_numeric( $stamp ) ? (int) $stamp : 0;
		if ( $time <= 0 ) {
			$date = is_object( $headers ) || is_array( $headers ) ? ( $headers['date'] ?? null ) : null;
			$time = is_string( $date ) ? (int) strtotime( $date ) : 0;
		}
		self::$pending[ $time > 0 ? $time : time() ] = true;
	}

	/**
	 * Saves the noted times (called after each Sessions operation and on shutdown).
	 */
	public static function flush_pending(): void {
		if ( array() === self::$pending ) {
			return;
		}
		$times = get_option( self::TIMES_OPTION, array() );
		$times = is_array( $times ) ? array_map( 'intval', $times ) : array();
		$times = array_unique( array_merge( $times, array_keys( self::$pending ) ) );
		rsort( $times );
		update_option( self::TIMES_OPTION, array_slice( $times, 0, self::KEEP_TIMES ), false );
		self::$pending = array();
	}

	/**
	 * The owner's cart key among these rows, or null when it cannot be told.
	 *
	 * @param array<int,array<string,mixed>> $rows Normalised rows.
	 */
	public function find( array $rows ): ?string {
		$keys = array();
		foreach ( $rows as $row ) {
			$keys[ (string) $row['key'] ] = $row;
		}
		$local = $this->local_owner();
		if ( null !== $local ) {
			return isset( $keys[ $local ] ) ? $local : null;
		}
		$learned = $this->learned();
		if ( null !== $learned && isset( $keys[ $learned ] ) ) {
			return $learned;
		}
		self::flush_pending();
		$times = get_option( self::TIMES_OPTION, array() );
		$times = is_array( $times ) ? array_map( 'intval', $times ) : array();
		if ( array() === $times ) {
			return $learned;
		}
		/**
		 * Filters the lifetimes (seconds) CoCart gives a logged-in caller's session, used to recognise the key
		 * owner's own cart by its expiry.
		 *
		 * @param int[] $lifetimes Default: 7 days (CoCart 4.x).
		 */
		$lifetimes = array_map(
			'intval',
			(array) apply_filters( 'cart_sessions_key_owner_lifetimes', array( 7 * DAY_IN_SECONDS ) )
		);
		$found     = array();
		foreach ( $rows as $row ) {
			$key = (string) $row['key'];
			if ( 'cocart' !== $row['source'] || ! ctype_digit( $key ) || null === $row['expires'] ) {
				continue;
			}
			$expiry = (int) strtotime( (string) $row['expires'] );
			foreach ( $lifetimes as $lifetime ) {
				foreach ( $times as $t ) {
					$delta = $expiry - $lifetime - $t;
					if ( $delta >= -1 && $delta <= self::SLACK ) {
						$found[ $key ] = true;
						break 2;
					}
				}
			}
		}
		if ( 1 === count( $found ) ) {
			$owner = (string) array_key_first( $found );
			update_option(
				self::OPTION,
				array(
					'connection' => $this->settings->key_state()['fingerprint'],
					'user_id'    => $owner,
					'learned_at' => time(),
				),
				false
			);
			return $owner;
		}
		return null;
	}

	/**
	 * The owner's cart key when it is already known without a list (this site's keys table, or learned earlier),
	 * else null: what the delete routes refuse to delete.
	 */
	public function known(): ?string {
		return $this->local_owner() ?? $this->learned();
	}

	/**
	 * The learned owner for this connection, if any.
	 */
	private function learned(): ?string {
		$saved = get_option( self::OPTION, array() );
		if ( is_array( $saved )
			&& ( $saved['connection'] ?? '' ) === $this->settings->key_state()['fingerprint']
			&& isset( $saved['user_id'] ) ) {
			return (string) $saved['user_id'];
		}
		return null;
	}

	/**
	 * When the store is this site: the owner of the key in use, from this site's WooCommerce keys table.
	 */
	private function local_owner(): ?string {
		global $wpdb;
		$here  = (array) wp_parse_url( home_url() );
		$there = (array) wp_parse_url( $this->settings->store_url() );
		if ( strtolower( (string) ( $here['host'] ?? '' ) ) !== strtolower( (string) ( $there['host'] ?? '-' ) )
			|| (int) ( $here['port'] ?? 0 ) !== (int) ( $there['port'] ?? 0 ) ) {
			return null;
		}
		/**
		 * Whether to look up the key's owner in this site's woocommerce_api_keys table when the store is this site.
		 *
		 * @param bool $lookup Default true.
		 */
		if ( ! apply_filters( 'cart_sessions_key_owner_local_lookup', true ) ) {
			return null;
		}
		$pairs = $this->settings->key_pairs();
		$pair  = $pairs[ $this->settings->key_state()['index'] ] ?? null;
		if ( null === $pair ) {
			return null;
		}
		$table = $wpdb->prefix . 'woocommerce_api_keys';
		if ( $table !== $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) ) ) {
			return null;
		}
		// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- table name only.
		$user = $wpdb->get_var( $wpdb->prepare(
			"SELECT user_id FROM {$table} WHERE consumer_key = %s",
			hash_hmac( 'sha256', $pair['consumer_key'], 'wc-api' )
		) );
		return null === $user ? null : (string) $user;
	}
}
