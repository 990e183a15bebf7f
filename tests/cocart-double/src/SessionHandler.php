<?php
/**
 * WC()->session on the double: what CoCart_Session_Handler (4.3.6, a WC_Session_Handler of WooCommerce 9.4.3)
 * does for the calls a caller and CoCart's session controller make. The global class CoCart_Session_Handler
 * (src/globals.php) is this class under CoCart's name.
 *
 * Two modes, chosen in init() as CoCart does:
 *  - cocart: a cocart/ REST request. The caller's own cart row is written at shutdown by CallerSession.
 *  - woocommerce: anything else (a frontend or CLI bootstrap, or a caller's WC()->initialize_session() in a
 *    REST request to another route). WC_Session_Handler's cookie session: the customer is the logged-in user's
 *    ID, else the session cookie's key, else a new guest key "t_…". At shutdown WooCommerce sets the cart cookies
 *    when the cart holds items (WC_Cart_Session::maybe_set_cart_cookies(), priority 0, only while headers can
 *    still be sent), then saves the session (priority 20) only if it changed AND has_session() — a cookie, or a
 *    logged-in user. So a session that only served reads is never written and sends no cookie; a guest session
 *    given a cart in a PHP CLI bootstrap (which has "sent" no headers while it printed nothing) is saved as a new
 *    guest cart on every run; over HTTP the response is out before shutdown, so no cookie and no save.
 *
 * The user is looked up on first use rather than in init() (WooCommerce does it in init(), at init priority 0):
 * the same answer, without authenticating the request earlier than the double's other code expects.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

class SessionHandler {

	/** WC_Session_Handler: a session lasts 48 hours and is renewed after 47. */
	private const EXPIRATION = 48 * HOUR_IN_SECONDS;

	/** @var string cocart | woocommerce */
	protected $cart_source = 'woocommerce';

	/** @var string */
	protected $cookie_name;

	/** @var string|null The customer ID (cart key); null until first use. */
	protected $customer_id = null;

	/** @var array<string,string> Session values, each maybe_serialize()d (WC_Session::$_data). */
	protected $data = array();

	/** @var bool */
	protected $dirty = false;

	/** @var bool */
	protected $has_cookie = false;

	/** @var int */
	protected $expiration = 0;

	public function __construct() {
		$this->cookie_name = (string) apply_filters( 'woocommerce_cookie', 'wp_woocommerce_session_' . COOKIEHASH );
	}

	public function init(): void {
		if ( CoCartAuth::is_cocart_request() ) {
			$this->cart_source = 'cocart';
			return;
		}
		$this->cart_source = 'woocommerce';
		add_action( 'shutdown', array( $this, 'maybe_set_cart_cookies' ), 0 );
		add_action( 'shutdown', array( $this, 'save_data' ), 20 );
	}

	public function get_cart_source(): string {
		return $this->cart_source;
	}

	/**
	 * WC_Session_Handler::init_session_cookie(), on first use.
	 */
	private function start(): void {
		if ( null !== $this->customer_id ) {
			return;
		}
		$cookie = $this->get_session_cookie();
		if ( null !== $cookie && ( ! is_user_logged_in() || (string) get_current_user_id() === $cookie[0] ) ) {
			list( $this->customer_id, $this->expiration ) = $cookie;
			$this->has_cookie                             = true;
		} else {
			$this->customer_id = is_user_logged_in() ? (string) get_current_user_id() : 't_' . substr(
				bin2hex( random_bytes( 16 ) ),
				0,
				30
			);
			$this->expiration  = time() + self::EXPIRATION;
		}
		$this->data = $this->has_session() ? (array) $this->get_session( $this->customer_id, array() ) : array();
	}

	/**
	 * The session cookie's [customer ID, expiration] when its hash checks out and it has not expired.
	 *
	 * @return array{0:string,1:int}|null
	 */
	private function get_session_cookie(): ?array {
		// phpcs:ignore WordPress.Security.ValidatedSanitizedInput
		$value = isset( $_COOKIE[ $this->cookie_name ] ) ? wp_unslash( (string) $_COOKIE[ $this->cookie_name ] ) : '';
		$parts = explode( '||', $value );
		if ( count( $parts ) < 4 || (int) $parts[1] < time() ) {
			return null;
		}
		return hash_equals(
			self::cookie_hash( $parts[0], (int) $parts[1] ),
			$parts[3]
		) ? array( $parts[0], (int) $parts[1] ) : null;
	}

	private static function cookie_hash( string $customer_id, int $expiration ): string {
		$to_hash = $customer_id . '|' . $expiration;
		return hash_hmac( 'md5', $to_hash, wp_hash( $to_hash ) );
	}

	public function get_customer_id(): string {
		$this->start();
		return (string) $this->customer_id;
	}

	/**
	 * WC_Session_Handler::set_customer_id(): from now on the session is this cart key's (CoCart's "load cart"
	 * link); saved under that key at shutdown.
	 */
	public function set_customer_id( string $customer_id ): void {
		$this->start();
		$this->customer_id = $customer_id;
	}

	/**
	 * WC_Session_Handler::set_session_expiration(): 48 hours from now.
	 */
	public function set_session_expiration(): void {
		$this->start();
		$this->expiration = time() + self::EXPIRATION;
	}

	/**
	 * CoCart_Session_Handler::destroy_cookie(): the visitor's session cookie goes (a new one may follow).
	 */
	public function destroy_cookie(): void {
		self::set_cookie( $this->cookie_name, '', time() - YEAR_IN_SECONDS );
		$this->has_cookie = false;
		unset( $_COOKIE[ $this->cookie_name ] );
	}

	/**
	 * WC_Session_Handler::has_session(): a session cookie (sent or set), or a logged-in user.
	 */
	public function has_session(): bool {
		return isset( $_COOKIE[ $this->cookie_name ] ) || $this->has_cookie || is_user_logged_in();
	}

	/**
	 * @param mixed $default_value
	 * @return mixed
	 */
	public function get( string $key, $default_value = null ) {
		$this->start();
		$key = sanitize_key( $key );
		return isset( $this->data[ $key ] ) ? maybe_unserialize( $this->data[ $key ] ) : $default_value;
	}

	/**
	 * @param mixed $value
	 */
	public function set( string $key, $value ): void {
		if ( $value !== $this->get( $key ) ) {
			$this->data[ sanitize_key( $key ) ] = maybe_serialize( $value );
			$this->dirty                        = true;
		}
	}

	/**
	 * WC_Session_Handler::get_session(): the stored session (outer array, values still serialized) or $default.
	 * The cart_key column's _ci collation makes the lookup case-insensitive, as on the real table.
	 *
	 * @param mixed $default_value
	 * @return mixed
	 */
	public function get_session( string $customer_id, $default_value = false ) {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$value = $wpdb->get_var(
			$wpdb->prepare( 'SELECT cart_value FROM ' . Schema::carts_table() . ' WHERE cart_key = %s', $customer_id )
		);
		return null === $value ? $default_value : maybe_unserialize( $value );
	}

	/**
	 * CoCart_Session_Handler::delete_cart(): the row and its object-cache entry.
	 */
	public function delete_cart( string $cart_key ): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Schema::carts_table() . ' WHERE cart_key = %s', $cart_key ) );
		wp_cache_delete( $cart_key, 'cocart_cart_id' );
	}

	/**
	 * WC_Cart_Session::maybe_set_cart_cookies() at shutdown (priority 0): with items in the cart, the session cookie
	 * (and the cart cookies) — only while headers can still be sent, and only after wp_loaded.
	 */
	public function maybe_set_cart_cookies(): void {
		if ( headers_sent() || ! did_action( 'wp_loaded' ) || null === $this->customer_id ) {
			return;
		}
		$cart = $this->get( 'cart' );
		if ( empty( $cart ) ) {
			return;
		}
		$this->set_customer_session_cookie( true );
		self::set_cookie( 'woocommerce_items_in_cart', '1', 0 );
		self::set_cookie( 'woocommerce_cart_hash', md5( (string) wp_json_encode( $cart ) ), 0 );
	}

	/**
	 * WC_Session_Handler::set_customer_session_cookie().
	 */
	public function set_customer_session_cookie( bool $set ): void {
		if ( ! $set ) {
			return;
		}
		$this->start();
		$expiring         = $this->expiration - HOUR_IN_SECONDS;
		$value            = $this->customer_id . '||' . $this->expiration . '||' . $expiring . '||' . self::cookie_hash(
			(string) $this->customer_id,
			$this->expiration
		);
		$this->has_cookie = true;
		if ( ! isset( $_COOKIE[ $this->cookie_name ] ) || $_COOKIE[ $this->cookie_name ] !== $value ) {
			self::set_cookie( $this->cookie_name, $value, $this->expiration );
		}
	}

	/**
	 * wc_setcookie(): nothing once headers are sent (in a CLI process: once anything was printed).
	 */
	private static function set_cookie( string $name, string $value, int $expire ): void {
		if ( ! headers_sent() ) {
			setcookie(
				$name,
				$value,
				$expire,
				COOKIEPATH ? COOKIEPATH : '/',
				COOKIE_DOMAIN ? COOKIE_DOMAIN : '',
				is_ssl(),
				true
			);
		}
	}

	/**
	 * WC_Session_Handler::save_data() at shutdown (priority 20): only a changed session that has_session().
	 */
	public function save_data(): void {
		global $wpdb;
		if ( ! $this->dirty || ! $this->has_session() ) {
			return;
		}
		$wpdb->query(
			// phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			$wpdb->prepare(
				'INSERT INTO ' . Schema::carts_table() .
					' (cart_key, cart_value, cart_created, cart_expiry, cart_source, cart_hash)' .
					' VALUES (%s, %s, %d, %d, %s, %s)' .
					' ON DUPLICATE KEY UPDATE cart_value = VALUES(cart_value), cart_expiry = VALUES(cart_expiry)',
				$this->customer_id,
				maybe_serialize( $this->data ),
				time(),
				$this->expiration,
				$this->cart_source,
				''
			)
		);
		$this->dirty = false;
	}
}
