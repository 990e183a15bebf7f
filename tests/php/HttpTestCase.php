<?php
/**
 * Base class for tests that talk to the running test server over real HTTP (http://127.0.0.1:8899, and
 * https://127.0.0.1:8443 through the TLS proxy) — the same WordPress and database this process loaded.
 *
 * The server cannot see an open transaction, so these tests do NOT run in one: autocommit is switched on and
 * every fixture write is committed at once. Instead the tables they use are emptied before and after each test,
 * the double's switches are reset, and the users a test created are deleted.
 */

declare(strict_types=1);

use CoCartDouble\CartData;
use CoCartDouble\Control;
use CoCartDouble\Schema;
use PHPUnit\Framework\TestCase;

abstract class HttpTestCase extends TestCase {

	/** Plain HTTP: is_ssl() is false there. */
	protected const HTTP = CART_SESSIONS_TEST_URL;

	/** Through the TLS proxy (self-signed certificate): is_ssl() is true there. */
	protected const HTTPS = CART_SESSIONS_TEST_HTTPS_URL; // bin/local-wp's TLS proxy in front of the test server.

	/** @var int[] */
	private $created_users = array();

	/**
	 * Whether this test class calls CoCart on this site in-process (as WpTestCase::$in_process). The test site is its
	 * own store, so without this every test of the HTTP client against self::HTTP would go in-process.
	 *
	 * @var bool
	 */
	protected $in_process = false;

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'SET autocommit = 1' ); // WpTestCase leaves it off; this also ends any open transaction.
		$this->clean();
		// The test server's own requests too (a test calling our routes over HTTP): the double acts as a store
		// elsewhere unless the test class is about the in-process transport.
		Control::set_in_process( $this->in_process );
		if ( ! $this->in_process ) {
			add_filter( 'cart_sessions_in_process', '__return_false' );
		}
	}

	protected function tearDown(): void {
		remove_filter( 'cart_sessions_in_process', '__return_false' );
		Control::set_in_process( true ); // As the dev sites and a store with the plugin installed have it.
		$this->clean();
		require_once ABSPATH . 'wp-admin/includes/user.php';
		foreach ( $this->created_users as $id ) {
			wp_delete_user( $id );
		}
		$this->created_users = array();
		wp_set_current_user( 0 );
		parent::tearDown();
	}

	private function clean(): void {
		global $wpdb;
		$wpdb->query( 'TRUNCATE ' . Schema::carts_table() );
		$wpdb->query( 'TRUNCATE ' . Schema::keys_table() );
		Control::reset();
		wp_cache_flush();
		wp_set_current_user( 0 );
	}

	/**
	 * A committed user (default: a shop manager, who has manage_woocommerce like on a WooCommerce site).
	 *
	 * @param array<string,string> $meta User meta, e.g. billing_first_name.
	 */
	protected function make_user( string $role = 'shop_manager', array $meta = array(), string $password = '' ): int {
		$id = wp_insert_user(
			array(
				'user_login' => 'u_' . wp_generate_password( 10, false ),
				'user_email' => 'u' . wp_generate_password( 8, false ) . '@example.com',
				'user_pass'  => '' !== $password ? $password : wp_generate_password(),
				'role'       => $role,
			)
		);
		$this->assertIsInt( $id );
		foreach ( $meta as $key => $value ) {
			update_user_meta( $id, $key, $value );
		}
		$this->created_users[] = $id;
		return $id;
	}

	/**
	 * A WooCommerce REST API key for a new user of the given role.
	 *
	 * @param array<string,string> $meta
	 * @return array{key_id:int,consumer_key:string,consumer_secret:string,truncated_key:string,user_id:int}
	 */
	protected function make_key( string $permissions = 'read_write', string $role = 'shop_manager', array $meta = array() ): array {
		$user_id = $this->make_user( $role, $meta );
		return Control::create_key( $user_id, $permissions ) + array( 'user_id' => $user_id );
	}

	/**
	 * Stores a cart row the way WooCommerce writes it.
	 *
	 * @param array<string,mixed> $session Session keys => plain values (cart, cart_totals, customer, …).
	 */
	protected function put_cart( string $key, array $session, int $created = 0, ?int $expiry = null, string $source = 'cocart' ): int {
		global $wpdb;
		$wpdb->insert(
			Schema::carts_table(),
			array(
				'cart_key'     => $key,
				'cart_value'   => CartData::write( $session ),
				'cart_created' => $created,
				'cart_expiry'  => $expiry ?? time() + DAY_IN_SECONDS,
				'cart_source'  => $source,
				'cart_hash'    => '',
			),
			array( '%s', '%s', '%d', '%d', '%s', '%s' )
		);
		$this->assertSame( '', $wpdb->last_error );
		return (int) $wpdb->insert_id;
	}

	/**
	 * A session with the given items ([product id, quantity], …) and customer fields.
	 *
	 * @param array<int,array{0:int,1:int|float}> $items
	 * @param array<string,string>|null           $customer Null: no customer key at all.
	 * @return array<string,mixed>
	 */
	protected function session( array $items = array(), ?array $customer = array() ): array {
		$cart = array();
		foreach ( $items as list( $product_id, $quantity ) ) {
			$item                 = CartData::item( $product_id, $quantity );
			$cart[ $item['key'] ] = $item;
		}
		$session = array(
			'cart'                       => $cart,
			'cart_totals'                => CartData::totals( $cart ),
			'applied_coupons'            => array(),
			'coupon_discount_totals'     => array(),
			'coupon_discount_tax_totals' => array(),
			'removed_cart_contents'      => array(),
		);
		if ( null !== $customer ) {
			$session['customer'] = CartData::customer( $customer );
		}
		return $session;
	}

	/**
	 * @return array<string,mixed>|null
	 */
	protected function row( string $key ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . Schema::carts_table() . ' WHERE cart_key = %s', $key ), ARRAY_A );
		return is_array( $row ) ? $row : null;
	}

	/**
	 * @return array<string,mixed>
	 */
	protected function key_row( int $key_id ): array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . Schema::keys_table() . ' WHERE key_id = %d', $key_id ), ARRAY_A );
		$this->assertIsArray( $row );
		return $row;
	}

	/**
	 * One HTTP request.
	 *
	 * @param array<string,mixed> $o auth: null | ['basic', ck, cs] | ['query', ck, cs] | ['oauth', ck, cs, 'HMAC-SHA256'|'HMAC-SHA1'] |
	 *                               ['login', user, password]; query: array; headers: string[]; timeout: float seconds.
	 */
	protected function request( string $method, string $url, array $o = array() ): HttpResult {
		$query = (array) ( $o['query'] ?? array() );
		$auth  = $o['auth'] ?? null;
		$ch    = curl_init();
		$opts  = array(
			CURLOPT_CUSTOMREQUEST  => $method,
			CURLOPT_RETURNTRANSFER => true,
			CURLOPT_HEADER         => true,
			CURLOPT_SSL_VERIFYPEER => false, // The proxy's certificate is self-signed.
			CURLOPT_SSL_VERIFYHOST => 0,
			CURLOPT_TIMEOUT_MS     => (int) ( 1000 * ( $o['timeout'] ?? 20 ) ),
			CURLOPT_HTTPHEADER     => (array) ( $o['headers'] ?? array() ),
			CURLOPT_FOLLOWLOCATION => false,
		);
		if ( is_array( $auth ) && 'basic' === $auth[0] ) {
			$opts[ CURLOPT_USERPWD ] = $auth[1] . ':' . $auth[2];
		} elseif ( is_array( $auth ) && 'login' === $auth[0] ) {
			$opts[ CURLOPT_USERPWD ] = $auth[1] . ':' . $auth[2];
		} elseif ( is_array( $auth ) && 'query' === $auth[0] ) {
			$query += array(
				'consumer_key'    => $auth[1],
				'consumer_secret' => $auth[2],
			);
		} elseif ( is_array( $auth ) && 'oauth' === $auth[0] ) {
			$query = OAuth1::sign( $method, $url, $query, $auth[1], $auth[2], $auth[3] ?? 'HMAC-SHA256', $o['oauth'] ?? array() );
		}
		$opts[ CURLOPT_URL ] = $url . ( $query ? ( false === strpos( $url, '?' ) ? '?' : '&' ) . OAuth1::build_query( $query ) : '' );
		curl_setopt_array( $ch, $opts );
		$started = microtime( true );
		$raw     = curl_exec( $ch );
		$elapsed = microtime( true ) - $started;
		$errno   = curl_errno( $ch );
		$status  = (int) curl_getinfo( $ch, CURLINFO_RESPONSE_CODE );
		$hsize   = (int) curl_getinfo( $ch, CURLINFO_HEADER_SIZE );
		curl_close( $ch );
		$raw = is_string( $raw ) ? $raw : '';
		return new HttpResult( $status, substr( $raw, 0, $hsize ), (string) substr( $raw, $hsize ), $errno, $elapsed );
	}

	/**
	 * Asserts a WordPress REST error envelope.
	 */
	protected function assertRestError( HttpResult $r, int $status, string $code, ?string $message = null ): void {
		$this->assertSame( $status, $r->status, "HTTP status (body: {$r->body})" );
		$this->assertIsArray( $r->json, 'a JSON error body' );
		$this->assertSame( $code, $r->json['code'] ?? null, "error code (body: {$r->body})" );
		if ( null !== $message ) {
			$this->assertSame( $message, $r->json['message'] );
		}
		$this->assertSame( $status, $r->json['data']['status'] ?? null, 'data.status' );
	}
}

/**
 * What came back.
 */
final class HttpResult {

	/** @var int */
	public $status;

	/** @var array<string,string> Lower-cased header names. */
	public $headers = array();

	/** @var string */
	public $body;

	/** @var mixed Decoded JSON, or null. */
	public $json;

	/** @var int curl error number (28 = timeout). */
	public $errno;

	/** @var float seconds */
	public $elapsed;

	public function __construct( int $status, string $head, string $body, int $errno, float $elapsed ) {
		$this->status  = $status;
		$this->body    = $body;
		$this->errno   = $errno;
		$this->elapsed = $elapsed;
		$this->json    = json_decode( $body, true );
		// With a 100-continue or a proxy there can be several header blocks: keep the last.
		$blocks = preg_split( "/\r\n\r\n/", trim( $head ) );
		foreach ( explode( "\r\n", (string) end( $blocks ) ) as $line ) {
			if ( false !== strpos( $line, ':' ) ) {
				list( $name, $value )                        = explode( ':', $line, 2 );
				$this->headers[ strtolower( trim( $name ) ) ] = trim( $value );
			}
		}
	}

	public function header( string $name ): ?string {
		return $this->headers[ strtolower( $name ) ] ?? null;
	}
}

/**
 * One-legged OAuth 1.0a request signing as RFC 5849 §3.4 describes it (written for the tests, independently
 * of the double's verifier): base string METHOD&enc(base URL)&enc(sorted, encoded k=v pairs joined by &),
 * key enc(secret)&, signature base64(HMAC).
 */
final class OAuth1 {

	public static function enc( string $s ): string {
		return str_replace( '%7E', '~', rawurlencode( $s ) );
	}

	/**
	 * @param array<string,string> $params
	 */
	public static function build_query( array $params ): string {
		$pairs = array();
		foreach ( $params as $k => $v ) {
			$pairs[] = self::enc( (string) $k ) . '=' . self::enc( (string) $v );
		}
		return implode( '&', $pairs );
	}

	/**
	 * The query parameters with the oauth_* ones added.
	 *
	 * @param array<string,string> $query
	 * @param array<string,string> $override e.g. oauth_timestamp, oauth_nonce (for replay/window tests)
	 * @return array<string,string>
	 */
	public static function sign( string $method, string $url, array $query, string $ck, string $cs, string $algorithm = 'HMAC-SHA256', array $override = array() ): array {
		$params = array_merge(
			$query,
			array(
				'oauth_consumer_key'     => $ck,
				'oauth_nonce'            => bin2hex( random_bytes( 16 ) ),
				'oauth_signature_method' => $algorithm,
				'oauth_timestamp'        => (string) time(),
			),
			$override
		);
		$encoded = array();
		foreach ( $params as $k => $v ) {
			$encoded[] = array( self::enc( (string) $k ), self::enc( (string) $v ) );
		}
		usort(
			$encoded,
			static function ( array $a, array $b ): int {
				return strcmp( $a[0], $b[0] ) ?: strcmp( $a[1], $b[1] );
			}
		);
		$param_string = implode( '&', array_map( static function ( array $p ): string { return $p[0] . '=' . $p[1]; }, $encoded ) );
		$base         = strtoupper( $method ) . '&' . self::enc( strtok( $url, '?' ) ) . '&' . self::enc( $param_string );
		$hash         = 'HMAC-SHA1' === $algorithm ? 'sha1' : 'sha256';
		$params['oauth_signature'] = base64_encode( hash_hmac( $hash, $base, self::enc( $cs ) . '&', true ) );
		return $params;
	}
}
