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

abstract class HttpTestCase extends PluginTestCase {

	/** Plain HTTP: is_ssl() is false there. */
	protected const HTTP = CART_SESSIONS_TEST_URL;

	/** Through the TLS proxy (self-signed certificate): is_ssl() is true there. */
	protected const HTTPS = CART_SESSIONS_TEST_HTTPS_URL; // bin/local-wp's TLS proxy in front of the test server.

	/** @var string The browser's cookie file, '' until cookie_jar() makes it. */
	private $cookie_jar = '';

	protected function start_isolation(): void {
		global $wpdb;
		$wpdb->query( 'SET autocommit = 1' ); // WpTestCase leaves it off; this also ends any open transaction.
		$this->clean();
		// The test server's own requests too (a test calling our routes over HTTP): the double acts as a store
		// elsewhere unless the test class is about the in-process transport.
		Control::set_in_process( $this->in_process );
	}

	protected function end_isolation(): void {
		Control::set_in_process( true ); // As the dev sites and a store with the plugin installed have it.
		$this->clean();
		if ( '' !== $this->cookie_jar && is_file( $this->cookie_jar ) ) {
			unlink( $this->cookie_jar );
		}
		$this->cookie_jar = '';
	}

	/**
	 * The cookie file of this test's browser (made on first use, with WordPress's test cookie, deleted after it).
	 */
	protected function cookie_jar(): string {
		if ( '' === $this->cookie_jar ) {
			$this->cookie_jar = (string) tempnam( sys_get_temp_dir(), 'cs-jar' );
			$test_cookie      = "127.0.0.1\tFALSE\t/\tFALSE\t0\twordpress_test_cookie\tWP%20Cookie%20check\n";
			file_put_contents( $this->cookie_jar, $test_cookie );
		}
		return $this->cookie_jar;
	}

	/**
	 * A new browser from here on: the cookies so far are thrown away.
	 */
	protected function new_browser(): void {
		if ( '' !== $this->cookie_jar && is_file( $this->cookie_jar ) ) {
			unlink( $this->cookie_jar );
		}
		$this->cookie_jar = '';
	}

	/**
	 * Logs a new administrator in through wp-login.php, as a browser does (cookies in cookie_jar()).
	 *
	 * @return string The wp_rest nonce the admin page would give the app.
	 */
	protected function log_in_browser(): string {
		$password = 'pw-' . wp_generate_password( 12, false );
		$user     = get_userdata( $this->make_user( 'administrator', array(), $password ) );
		$form     = array(
			'log'         => $user->user_login,
			'pwd'         => $password,
			'testcookie'  => '1',
			'redirect_to' => self::HTTP . '/wp-admin/',
		);
		$login    = $this->request(
			'POST',
			self::HTTP . '/wp-login.php',
			array(
				'cookies' => true,
				'body'    => http_build_query( $form ),
			)
		);
		$this->assertSame( 302, $login->status, 'logged in' );
		$nonce_url = self::HTTP . '/wp-admin/admin-ajax.php?action=rest-nonce';
		$nonce     = $this->request( 'GET', $nonce_url, array( 'cookies' => true ) );
		$this->assertSame( 200, $nonce->status );
		return $nonce->body;
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
	 * A WooCommerce REST API key for a new user of the given role.
	 *
	 * @param array<string,string> $meta
	 * @return array{key_id:int,consumer_key:string,consumer_secret:string,truncated_key:string,user_id:int}
	 */
	protected function make_key(
		string $permissions = 'read_write',
		string $role = 'shop_manager',
		array $meta = array()
	): array {
		$user_id = $this->make_user( $role, $meta );
		return Control::create_key( $user_id, $permissions ) + array( 'user_id' => $user_id );
	}

	/**
	 * Stores a cart row the way WooCommerce writes it.
	 *
	 * @param array<string,mixed> $session Session keys => plain values (cart, cart_totals, customer, …).
	 */
	protected function put_cart(
		string $key,
		array $session,
		int $created = 0,
		?int $expiry = null,
		string $source = 'cocart'
	): int {
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
		$row = $wpdb->get_row(
			$wpdb->prepare( 'SELECT * FROM ' . Schema::carts_table() . ' WHERE cart_key = %s', $key ),
			ARRAY_A
		);
		return is_array( $row ) ? $row : null;
	}

	/**
	 * @return array<string,mixed>
	 */
	protected function key_row( int $key_id ): array {
		global $wpdb;
		$row = $wpdb->get_row(
			$wpdb->prepare( 'SELECT * FROM ' . Schema::keys_table() . ' WHERE key_id = %d', $key_id ),
			ARRAY_A
		);
		$this->assertIsArray( $row );
		return $row;
	}

	/**
	 * One HTTP request.
	 *
	 * @param array<string,mixed> $o auth: null | ['basic', ck, cs] | ['query', ck, cs] | ['oauth', ck, cs,
	 * 'HMAC-SHA256'|'HMAC-SHA1'] |
	 *                               ['login', user, password]; query: array; headers: string[]; timeout: float seconds;
	 *                               body: string (POST fields); cookies: true to send and keep the browser's cookies
	 *                               (cookie_jar()).
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
			$query = OAuth1::sign(
				$method,
				$url,
				$query,
				$auth[1],
				$auth[2],
				$auth[3] ?? 'HMAC-SHA256',
				$o['oauth'] ?? array()
			);
		}
		if ( $query ) {
			$url .= ( false === strpos( $url, '?' ) ? '?' : '&' ) . OAuth1::build_query( $query );
		}
		$opts[ CURLOPT_URL ] = $url;
		if ( ! empty( $o['cookies'] ) ) {
			$opts[ CURLOPT_COOKIEJAR ]  = $this->cookie_jar();
			$opts[ CURLOPT_COOKIEFILE ] = $this->cookie_jar();
		}
		if ( isset( $o['body'] ) ) {
			$opts[ CURLOPT_POSTFIELDS ] = (string) $o['body'];
		}
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
