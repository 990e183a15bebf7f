<?php
/**
 * Permissions and WooCommerce consumer-key authentication, and their errors (docs/cocart-api.md#authentication),
 * over real HTTP and real TLS: https://127.0.0.1:8443 is the same site with is_ssl() true.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\Keys;

final class AuthTest extends DoubleTestCase {

	private const LIST = '/wp-json/cocart/v2/sessions';

	private function seed_one(): void {
		$this->put_cart( 'abc', $this->session() );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_anonymous_is_401_cannot_view_over_http_and_https( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		foreach ( array( self::HTTP, self::HTTPS ) as $base ) {
			$this->assertRestError(
				$this->request( 'GET', $base . self::LIST ),
				401,
				'cocart_rest_cannot_view',
				'Sorry, you cannot list resources.'
			);
			$this->assertRestError(
				$this->request( 'DELETE', $base . '/wp-json/cocart/v2/session/abc' ),
				401,
				'cocart_rest_cannot_view'
			);
		}
		$this->assertNotNull( $this->row( 'abc' ) );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_key_owner_without_manage_woocommerce_is_403_cannot_view( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key( 'read_write', 'editor' );
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/sessions', $key ),
			403,
			'cocart_rest_cannot_view',
			'Sorry, you cannot list resources.'
		);
		$this->assertRestError( $this->api( 'GET', 'cocart/v2/session/abc', $key ), 403, 'cocart_rest_cannot_view' );
		$this->assertRestError( $this->api( 'DELETE', 'cocart/v2/session/abc', $key ), 403, 'cocart_rest_cannot_view' );
	}

	/**
	 * @dataProvider basic_modes
	 */
	public function test_basic_key_over_https_lists_sessions( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'basic', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertContains( 'abc', array_column( $r->json, 'cart_key' ) );
	}

	public function test_basic_key_over_https_is_401_cocart_authentication_error_in_4_8_0(): void {
		$this->mode( '4.8.0' );
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'basic', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertRestError( $r, 401, 'cocart_authentication_error' );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_query_string_key_over_https_lists_sessions( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertContains( 'abc', array_column( $r->json, 'cart_key' ) );
	}

	public function test_query_string_key_is_read_before_the_basic_header(): void {
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array(
				'query'   => array(
					'consumer_key'    => $key['consumer_key'],
					'consumer_secret' => $key['consumer_secret'],
				),
				'headers' => array( 'Authorization: Basic ' . base64_encode( 'ck_nobody:cs_nothing' ) ),
			)
		);
		$this->assertSame( 200, $r->status, $r->body );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_basic_key_over_http_is_refused_on_a_local_site_with_cocart_authentication_error(
		string $mode
	): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'basic', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		// WooCommerce ignores Basic without HTTPS; CoCart (local environment) tries ck_… as a username.
		$this->assertRestError(
			$r,
			401,
			'cocart_authentication_error',
			'Authentication is invalid. Please check your login details are correct and try again.'
		);
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_query_string_key_over_http_is_ignored( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertRestError( $r, 401, 'cocart_rest_cannot_view' );
	}

	public function oauth_cases(): array {
		$cases = array();
		foreach ( $this->source_modes() as $name => list( $mode ) ) {
			$cases[ "$name HMAC-SHA256" ] = array( $mode, 'HMAC-SHA256' );
			$cases[ "$name HMAC-SHA1" ]   = array( $mode, 'HMAC-SHA1' );
		}
		return $cases;
	}

	/**
	 * @dataProvider oauth_cases
	 */
	public function test_oauth1_signed_request_over_http_lists_sessions( string $mode, string $algorithm ): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'oauth', $key['consumer_key'], $key['consumer_secret'], $algorithm ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertContains( 'abc', array_column( $r->json, 'cart_key' ) );
	}

	public function test_oauth1_signature_covers_the_other_query_parameters(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 16, 1 ) ) ) );
		$r = $this->api(
			'GET',
			'cocart/v2/session/abc',
			$key,
			array( 'query' => array( 'thumb' => 'false', 'note' => 'a b+c~d/é' ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame( '', array_values( $r->json['items'] )[0]['featured_image'] );
	}

	public function test_oauth1_in_an_authorization_header_works(): void {
		$this->seed_one();
		$key    = $this->make_key();
		$params = OAuth1::sign(
			'GET',
			self::HTTP . self::LIST,
			array(),
			$key['consumer_key'],
			$key['consumer_secret']
		);
		$header = 'OAuth ' . implode(
			', ',
			array_map(
				static function ( $k, $v ) { return $k . '="' . rawurlencode( $v ) . '"'; },
				array_keys( $params ),
				$params
			)
		);
		$r      = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'headers' => array( 'Authorization: ' . $header ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
	}

	public function test_oauth1_with_a_wrong_signature_is_401(): void {
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'oauth', $key['consumer_key'], 'cs_wrong' ) )
		);
		$this->assertRestError(
			$r,
			401,
			'woocommerce_rest_authentication_error',
			'Invalid signature - provided signature does not match.'
		);
	}

	public function test_oauth1_with_an_unsupported_signature_method_is_401(): void {
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'oauth', $key['consumer_key'], $key['consumer_secret'], 'PLAINTEXT' ) )
		);
		$this->assertRestError(
			$r,
			401,
			'woocommerce_rest_authentication_error',
			'Invalid signature - signature method is invalid.'
		);
	}

	public function test_oauth1_timestamp_outside_15_minutes_is_401(): void {
		$this->seed_one();
		$key = $this->make_key();
		foreach ( array( time() - 16 * MINUTE_IN_SECONDS, time() + 16 * MINUTE_IN_SECONDS ) as $ts ) {
			$r = $this->request(
				'GET',
				self::HTTP . self::LIST,
				array(
					'auth'  => array( 'oauth', $key['consumer_key'], $key['consumer_secret'] ),
					'oauth' => array( 'oauth_timestamp' => (string) $ts ),
				)
			);
			$this->assertRestError( $r, 401, 'woocommerce_rest_authentication_error', 'Invalid timestamp.' );
		}
		$r = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array(
				'auth'  => array( 'oauth', $key['consumer_key'], $key['consumer_secret'] ),
				'oauth' => array( 'oauth_timestamp' => (string) ( time() - 14 * MINUTE_IN_SECONDS ) ),
			)
		);
		$this->assertSame( 200, $r->status, 'inside the window' );
	}

	public function test_oauth1_replayed_nonce_is_401(): void {
		$this->seed_one();
		$key   = $this->make_key();
		$fixed = array( 'oauth_nonce' => 'same-nonce-twice', 'oauth_timestamp' => (string) time() );
		$first = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'oauth', $key['consumer_key'], $key['consumer_secret'] ), 'oauth' => $fixed )
		);
		$this->assertSame( 200, $first->status, $first->body );
		$again = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'oauth', $key['consumer_key'], $key['consumer_secret'] ), 'oauth' => $fixed )
		);
		$this->assertRestError(
			$again,
			401,
			'woocommerce_rest_authentication_error',
			'Invalid nonce - nonce has already been used.'
		);
	}

	public function test_partial_oauth_parameters_are_401_missing_parameter(): void {
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'query' => array( 'oauth_consumer_key' => $key['consumer_key'], 'oauth_nonce' => 'x' ) )
		);
		$this->assertRestError(
			$r,
			401,
			'woocommerce_rest_authentication_missing_parameter',
			'Missing OAuth parameters oauth_timestamp, oauth_signature, oauth_signature_method'
		);
		$r = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array(
				'query' => array(
					'oauth_consumer_key' => $key['consumer_key'],
					'oauth_nonce'        => 'x',
					'oauth_timestamp'    => '1',
					'oauth_signature'    => 'x',
				),
			)
		);
		$this->assertRestError(
			$r,
			401,
			'woocommerce_rest_authentication_missing_parameter',
			'Missing OAuth parameter oauth_signature_method'
		);
	}

	public function test_oauth1_with_an_unknown_consumer_key_is_401(): void {
		$this->seed_one();
		$r = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'oauth', 'ck_' . str_repeat( '0', 40 ), 'cs_whatever' ) )
		);
		$this->assertRestError( $r, 401, 'woocommerce_rest_authentication_error', 'Consumer key is invalid.' );
	}

	public function test_oauth1_also_works_over_https_when_no_basic_credentials_are_sent(): void {
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'oauth', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertSame( 200, $r->status, $r->body );
	}

	/**
	 * @dataProvider basic_modes
	 */
	public function test_wrong_secret_over_https_is_401_cocart_authentication_error( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'basic', $key['consumer_key'], 'cs_wrong' ) )
		);
		$this->assertRestError(
			$r,
			401,
			'cocart_authentication_error',
			'Authentication is invalid. Please check your login details are correct and try again.'
		);
		// WooCommerce only adds WWW-Authenticate when its last method was Basic; after a failed Basic it always
		// goes on to try OAuth (auth method "oauth1"), so over HTTPS the header does not come (the header is optional).
		$this->assertNull( $r->header( 'WWW-Authenticate' ) );
	}

	/**
	 * @dataProvider basic_modes
	 */
	public function test_unknown_key_over_https_is_401_cocart_authentication_error( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		$r = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'basic', 'ck_' . str_repeat( 'a', 40 ), 'cs_x' ) )
		);
		$this->assertRestError( $r, 401, 'cocart_authentication_error' );
		$this->assertNull( $r->header( 'WWW-Authenticate' ), 'WooCommerce returns silently for an unknown key' );
	}

	public function test_wrong_query_string_secret_over_https_is_401_consumer_secret_invalid(): void {
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'query', $key['consumer_key'], 'cs_wrong' ) )
		);
		// No Authorization header for CoCart to trip over: WooCommerce's own error comes through.
		$this->assertRestError( $r, 401, 'woocommerce_rest_authentication_error', 'Consumer secret is invalid.' );
	}

	public function test_read_only_key_can_read(): void {
		$this->put_cart( 'abc', $this->session() );
		$key = $this->make_key( 'read' );
		$this->assertSame( 200, $this->api( 'GET', 'cocart/v2/sessions', $key )->status );
		$this->assertSame( 200, $this->api( 'GET', 'cocart/v2/session/abc', $key )->status );
	}

	/**
	 * @dataProvider source_modes
	 */
	public function test_read_only_key_on_delete_is_401_no_write_permissions( string $mode ): void {
		$this->mode( $mode );
		$this->seed_one();
		$key = $this->make_key( 'read' );
		$this->assertRestError(
			$this->api( 'DELETE', 'cocart/v2/session/abc', $key ),
			401,
			'woocommerce_rest_authentication_error',
			'The API key provided does not have write permissions.'
		);
		$r = $this->request(
			'DELETE',
			self::HTTPS . '/wp-json/cocart/v2/session/abc',
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$this->assertRestError(
			$r,
			401,
			'woocommerce_rest_authentication_error',
			'The API key provided does not have write permissions.'
		);
		$this->assertNotNull( $this->row( 'abc' ) );
	}

	public function test_write_only_key_cannot_read(): void {
		$this->seed_one();
		$key = $this->make_key( 'write' );
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/sessions', $key ),
			401,
			'woocommerce_rest_authentication_error',
			'The API key provided does not have read permissions.'
		);
	}

	public function test_plain_permalink_requests_get_no_key_authentication(): void {
		$this->seed_one();
		$key = $this->make_key();
		$r   = $this->request(
			'GET',
			self::HTTPS . '/',
			array(
				'query' => array(
					'rest_route'      => '/cocart/v2/sessions',
					'consumer_key'    => $key['consumer_key'],
					'consumer_secret' => $key['consumer_secret'],
				),
			)
		);
		$this->assertRestError( $r, 401, 'cocart_rest_cannot_view' );
	}

	public function test_wordpress_login_and_password_work_through_cocarts_own_basic_auth(): void {
		$this->seed_one();
		$user = get_userdata( $this->make_user( 'shop_manager', array(), 'correct horse' ) );
		$r    = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'login', $user->user_login, 'correct horse' ) )
		);
		$this->assertSame( 200, $r->status, 'local environment: CoCart accepts a WordPress password over http' );
		$r = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'login', $user->user_email, 'correct horse' ) )
		);
		$this->assertSame( 200, $r->status, 'an email works as the username' );
		$r = $this->request(
			'GET',
			self::HTTP . self::LIST,
			array( 'auth' => array( 'login', $user->user_login, 'wrong' ) )
		);
		$this->assertRestError( $r, 401, 'cocart_authentication_error', 'The password you entered is incorrect.' );
	}

	public function test_keys_are_stored_as_woocommerce_stores_them(): void {
		$key = $this->make_key( 'read_write' );
		$row = $this->key_row( $key['key_id'] );
		$this->assertSame( hash_hmac( 'sha256', $key['consumer_key'], 'wc-api' ), $row['consumer_key'] );
		$this->assertSame( Keys::hash( $key['consumer_key'] ), $row['consumer_key'] );
		$this->assertSame( $key['consumer_secret'], $row['consumer_secret'] );
		$this->assertSame( substr( $key['consumer_key'], -7 ), $row['truncated_key'] );
		$this->assertSame( 'read_write', $row['permissions'] );
		$this->assertMatchesRegularExpression( '/^ck_[0-9a-f]{40}$/', $key['consumer_key'] );
		$this->assertMatchesRegularExpression( '/^cs_[0-9a-f]{40}$/', $key['consumer_secret'] );
		$this->assertNull( $row['last_access'] );
	}

	public function test_last_access_is_updated_on_each_authenticated_request(): void {
		$this->seed_one();
		$key = $this->make_key();
		$this->request(
			'GET',
			self::HTTPS . self::LIST,
			array( 'auth' => array( 'query', $key['consumer_key'], $key['consumer_secret'] ) )
		);
		$access = $this->key_row( $key['key_id'] )['last_access'];
		$this->assertNotNull( $access );
		$this->assertEqualsWithDelta(
			time(),
			strtotime( $access . ' UTC' ),
			5,
			'current_time( "mysql" ) on a UTC site'
		);
	}

	public function test_every_oauth_request_rewrites_the_nonces_column(): void {
		$this->seed_one();
		$key = $this->make_key();
		$t = time();
		$this->api(
			'GET',
			'cocart/v2/sessions',
			$key,
			array( 'oauth' => array( 'oauth_nonce' => 'n-one', 'oauth_timestamp' => (string) ( $t - 2 ) ) )
		);
		$after_one = maybe_unserialize( $this->key_row( $key['key_id'] )['nonces'] );
		$this->api(
			'GET',
			'cocart/v2/sessions',
			$key,
			array( 'oauth' => array( 'oauth_nonce' => 'n-two', 'oauth_timestamp' => (string) $t ) )
		);
		$after_two = maybe_unserialize( $this->key_row( $key['key_id'] )['nonces'] );
		$this->assertSame( array( $t - 2 => 'n-one' ), $after_one, 'nonces are kept by timestamp' );
		$this->assertSame( array( $t - 2 => 'n-one', $t => 'n-two' ), $after_two );
		// WooCommerce keys them by timestamp, so a second nonce in the same second replaces the first.
		$this->api(
			'GET',
			'cocart/v2/sessions',
			$key,
			array( 'oauth' => array( 'oauth_nonce' => 'n-three', 'oauth_timestamp' => (string) $t ) )
		);
		$this->assertSame(
			array( $t - 2 => 'n-one', $t => 'n-three' ),
			maybe_unserialize( $this->key_row( $key['key_id'] )['nonces'] )
		);
	}
}
