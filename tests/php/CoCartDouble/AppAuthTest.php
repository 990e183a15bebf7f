<?php
/**
 * The double's WooCommerce app authentication (/wc-auth/v1/…, WooCommerce's includes/class-wc-auth.php) over real
 * HTTP, as a browser and an app's callback see it: its refusals and their texts, the login step, the grant screen,
 * the key it creates and the JSON it posts to the callback (over real TLS, to a recorder standing in for the app),
 * and the redirect back to the app.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\Keys;
use CoCartDouble\Schema;

final class AppAuthTest extends DoubleTestCase {

	use StoreApproval;

	private const TOKEN = 'token0123456789abcdef';

	protected function setUp(): void {
		parent::setUp();
		delete_option( 'callback_recorder_last' );
		delete_option( 'callback_recorder_status' );
	}

	protected function tearDown(): void {
		delete_option( 'callback_recorder_last' );
		delete_option( 'callback_recorder_status' );
		parent::tearDown();
	}

	/**
	 * The five parameters an app sends, with the recorder (over HTTPS) as the callback.
	 *
	 * @return array<string,string>
	 */
	private function params( array $changes = array() ): array {
		return array_merge(
			array(
				'app_name'     => 'Cart Sessions for CoCart',
				'scope'        => 'read_write',
				'user_id'      => self::TOKEN,
				'return_url'   => 'https://admin.example.com/wp-admin/tools.php?page=cart-sessions&tab=settings',
				'callback_url' => self::HTTPS . '/wp-json/callback-recorder/v1/callback',
			),
			$changes
		);
	}

	private function endpoint( string $route, array $params ): string {
		return self::HTTP . '/wc-auth/v1/' . $route . '?' . http_build_query( $params );
	}

	private function assertRefused( HttpResult $r, string $message ): void {
		$this->assertSame( 401, $r->status, $r->body );
		$this->assertStringContainsString( '<title>Access denied</title>', $r->body );
		$this->assertStringContainsString( 'Error: ' . $message . '.', $r->body );
	}

	private function key_count(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . Schema::keys_table() );
	}

	/**
	 * Logs a new user in through the endpoint's own login form (StoreApproval), checking that the parameters are
	 * carried along; returns the page shown after the login.
	 */
	private function log_in_and_see_grant_screen( array $params, string $role = 'shop_manager' ): HttpResult {
		$first = $this->request( 'GET', $this->endpoint( 'authorize', $params ) );
		parse_str( (string) wp_parse_url( (string) $first->header( 'location' ), PHP_URL_QUERY ), $carried );
		$this->assertStringStartsWith( self::HTTP . '/wc-auth/v1/login?', (string) $first->header( 'location' ) );
		$this->assertEquals( $params, array_intersect_key( $carried, $params ), 'the parameters carried along' );
		$grant = $this->store_grant_screen( $this->endpoint( 'authorize', $params ), $role );
		if ( 'shop_manager' === $role ) {
			$this->assertStringContainsString(
				'Cart Sessions for CoCart would like to connect to your store',
				$grant->body
			);
		}
		return $grant;
	}

	public function test_each_missing_parameter_is_refused_with_woocommerces_text(): void {
		foreach ( array_keys( $this->params() ) as $param ) {
			$params = $this->params();
			unset( $params[ $param ] );
			$this->assertRefused(
				$this->request( 'GET', $this->endpoint( 'authorize', $params ) ),
				'Missing parameter ' . $param
			);
		}
		$array = http_build_query( $this->params() ) . '&scope[]=read';
		$this->assertRefused(
			$this->request( 'GET', self::HTTP . '/wc-auth/v1/authorize?' . $array ),
			'Invalid parameter scope'
		);
	}

	public function test_a_scope_other_than_read_write_or_read_write_is_refused(): void {
		$this->assertRefused(
			$this->request( 'GET', $this->endpoint( 'authorize', $this->params( array( 'scope' => 'admin' ) ) ) ),
			'Invalid scope admin'
		);
	}

	public function test_a_callback_over_plain_http_is_refused(): void {
		$params = $this->params( array( 'callback_url' => self::HTTP . '/wp-json/callback-recorder/v1/callback' ) );
		$this->assertRefused(
			$this->request( 'GET', $this->endpoint( 'authorize', $params ) ),
			'The callback_url needs to be over SSL'
		);
		// A URL without a scheme is taken as https:// (WooCommerce's get_formatted_url()), then checked.
		$params = $this->params( array( 'return_url' => 'https://exa mple.com/' ) );
		$this->assertRefused(
			$this->request( 'GET', $this->endpoint( 'authorize', $params ) ),
			'The https://exa mple.com/ is not a valid URL'
		);
	}

	public function test_approve_creates_the_key_posts_it_as_json_to_the_callback_and_returns_with_success(): void {
		$params = $this->params();
		$grant  = $this->log_in_and_see_grant_screen( $params );
		$this->assertSame( 200, $grant->status );
		$this->assertStringContainsString(
			'This will give "<strong>Cart Sessions for CoCart</strong>" <strong>Read/Write</strong> access',
			$grant->body
		);
		$this->assertStringContainsString( '<li>View and manage orders and sales reports</li>', $grant->body );
		$links = $this->store_grant_links( $grant );
		$this->assertSame( $params['return_url'] . '&success=0&user_id=' . self::TOKEN, $links['deny'] );
		$this->assertSame( 0, $this->key_count(), 'the grant screen creates nothing' );

		$approved = $this->request( 'GET', $links['approve'], array( 'cookies' => true ) );
		$this->assertSame( 302, $approved->status, $approved->body );
		$this->assertSame(
			$params['return_url'] . '&success=1&user_id=' . self::TOKEN,
			$approved->header( 'location' )
		);

		wp_cache_delete( 'callback_recorder_last', 'options' );
		$posted = get_option( 'callback_recorder_last' );
		$this->assertIsArray( $posted, 'the callback was called' );
		$this->assertSame( 'application/json;charset=UTF-8', $posted['content_type'] );
		$this->assertStringStartsWith( 'WordPress/', $posted['user_agent'] );
		$this->assertStringEndsWith( '; ' . self::HTTP, $posted['user_agent'], 'the store names itself' );
		$body = json_decode( $posted['body'], true );
		$this->assertSame(
			array( 'key_id', 'user_id', 'consumer_key', 'consumer_secret', 'key_permissions' ),
			array_keys( $body )
		);
		$this->assertSame( self::TOKEN, $body['user_id'] );
		$this->assertSame( 'read_write', $body['key_permissions'] );
		$this->assertMatchesRegularExpression( '/^ck_[0-9a-f]{40}$/', $body['consumer_key'] );
		$this->assertMatchesRegularExpression( '/^cs_[0-9a-f]{40}$/', $body['consumer_secret'] );

		$row = $this->key_row( (int) $body['key_id'] );
		$this->assertSame( Keys::hash( $body['consumer_key'] ), $row['consumer_key'] );
		$this->assertSame( $body['consumer_secret'], $row['consumer_secret'] );
		$this->assertSame( substr( $body['consumer_key'], -7 ), $row['truncated_key'] );
		$this->assertSame( 'read_write', $row['permissions'] );
		$this->assertMatchesRegularExpression(
			'/^Cart Sessions for CoCart - API \(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)$/',
			$row['description']
		);
		// The new key works on the store at once.
		$this->put_cart( 'abc', $this->session() );
		$pair = array(
			'consumer_key'    => $body['consumer_key'],
			'consumer_secret' => $body['consumer_secret'],
		);
		$this->assertSame( 200, $this->api( 'GET', 'cocart/v2/sessions', $pair )->status );
	}

	public function test_a_callback_that_does_not_answer_200_deletes_the_key_again(): void {
		update_option( 'callback_recorder_status', 500 );
		$grant    = $this->log_in_and_see_grant_screen( $this->params() );
		$approved = $this->request( 'GET', $this->store_grant_links( $grant )['approve'], array( 'cookies' => true ) );
		$this->assertRefused(
			$approved,
			'An error occurred in the request and at the time were unable to send the consumer data'
		);
		wp_cache_delete( 'callback_recorder_last', 'options' );
		$this->assertIsArray( get_option( 'callback_recorder_last' ), 'the key was posted' );
		$this->assertSame( 0, $this->key_count(), 'and deleted again' );
	}

	public function test_approving_needs_the_nonce_and_manage_woocommerce(): void {
		$grant   = $this->log_in_and_see_grant_screen( $this->params() );
		$approve = remove_query_arg( 'wc_auth_nonce', $this->store_grant_links( $grant )['approve'] );
		$without_nonce = $this->request( 'GET', $approve, array( 'cookies' => true ) );
		$this->assertRefused( $without_nonce, 'Invalid nonce verification' );
		$this->assertSame( 0, $this->key_count() );

		$this->new_browser();
		$editor = $this->log_in_and_see_grant_screen( $this->params(), 'editor' );
		$this->assertRefused( $editor, 'You do not have permission to access this page' );
	}

	public function test_a_wrong_password_shows_the_login_form_again(): void {
		$login = $this->store_login_page( $this->endpoint( 'authorize', $this->params() ) );
		$again = $this->store_log_in( $login, 'admin', 'not-the-password' );
		$this->assertSame( 200, $again->status );
		$this->assertStringContainsString( 'class="woocommerce-error"', $again->body );
		$this->assertStringContainsString( 'name="password"', $again->body );
	}
}
