<?php
/**
 * A recognisable secret, saved and working against the store double, is searched for everywhere it must never
 * appear: every REST response of the plugin, error messages, the debug log, Site Health (tests and Info), the
 * admin page HTML and the JS bundle.
 */

declare(strict_types=1);

use CartSessions\Admin\Page;
use CartSessions\CoCart\Client;
use CartSessions\CoCart\DebugLog;
use CartSessions\CoCart\Doctor;
use CartSessions\Credentials\Settings;
use CartSessions\Health\SiteHealth;
use CoCartDouble\Control;
use CoCartDouble\Keys;
use CoCartDouble\Schema;

final class SecretNeverShownTest extends HttpTestCase {

	/** Recognisable, and a valid WooCommerce secret (cs_ + 40 hex). */
	private const SECRET = 'cs_5ec7e75ec7e75ec7e75ec7e75ec7e75ec7e75ec7';

	protected function setUp(): void {
		parent::setUp();
		$this->forget();
		$this->add_test_filter( 'https_ssl_verify', '__return_false' );
		$this->add_test_filter( 'cart_sessions_is_woocommerce_active', '__return_true' );
	}

	protected function tearDown(): void {
		$this->forget();
		parent::tearDown();
	}

	private function forget(): void {
		$options = array( Settings::OPTION, Settings::STATE_OPTION, DebugLog::OPTION, Doctor::STORE_INFO_OPTION );
		foreach ( $options as $option ) {
			delete_option( $option );
		}
		delete_transient( SiteHealth::CACHE );
	}

	/**
	 * Fails when $haystack holds the secret or a recognisable part of it.
	 */
	private function assertNoSecret( string $haystack, string $where ): void {
		$needles = array(
			self::SECRET,
			substr( self::SECRET, 3 ),
			substr( self::SECRET, 3, 16 ),
			substr( self::SECRET, -16 ),
			rawurlencode( self::SECRET ),
			base64_encode( 'x:' . self::SECRET ),
		);
		foreach ( $needles as $needle ) {
			$this->assertStringNotContainsString( $needle, $haystack, "the secret shows in $where" );
		}
		$this->assertStringNotContainsString(
			'5ec7e75ec7e7',
			str_replace( '\\/', '/', $haystack ),
			"a piece of the secret shows in $where"
		);
	}

	private function rest_json( string $method, string $route, array $params = array() ): string {
		$response = $this->rest( $method, $route, $params );
		return (string) wp_json_encode(
			rest_get_server()->response_to_data( $response, false )
		) . ' ' . wp_json_encode( $response->get_headers() );
	}

	public function test_the_secret_is_never_shown(): void {
		global $wpdb;
		$key = $this->make_key( 'read_write' );
		$wpdb->update(
			Schema::keys_table(),
			array( 'consumer_secret' => self::SECRET ),
			array( 'key_id' => $key['key_id'] )
		);
		$this->assertNotNull( Keys::find( $key['consumer_key'] ) );
		$this->put_cart(
			't_' . str_repeat( 'c', 30 ),
			$this->session( array( array( 12, 1 ) ), array( 'first_name' => 'Ann' ) )
		);
		wp_set_current_user( $this->make_user( 'shop_manager' ) );

		$seen = array();
		// Save it through the route, with the debug log on; over HTTPS so Basic (and query keys) are used too.
		$seen['POST settings'] = $this->rest_json(
			'POST',
			'/cart-sessions/v1/settings',
			array(
				'store_url'       => self::HTTPS,
				'consumer_key'    => $key['consumer_key'],
				'consumer_secret' => self::SECRET,
				'debug_log'       => true,
			)
		);
		$this->assertStringContainsString( '"secret_saved":true', $seen['POST settings'] );
		$seen['GET settings']        = $this->rest_json( 'GET', '/cart-sessions/v1/settings' );
		$seen['POST connection/test'] = $this->rest_json( 'POST', '/cart-sessions/v1/connection/test' );
		$this->assertStringContainsString( '"ok":true', $seen['POST connection/test'] );

		// The 4.8.0 fallback puts the key in the query string; then errors of every kind.
		Control::set_mode( '4.8.0' );
		$client = new Client( null, array( 'sleep' => static function (): void {} ) );
		$this->assertNotInstanceOf( WP_Error::class, $client->get( 'cocart/v2/sessions' ) );
		$errors = array();
		foreach ( array( 'html', 'truncated', '502', '429', '500' ) as $fault ) {
			Control::set_faults( array( 'fault' => $fault, 'retry_after' => 0 ) );
			$errors[] = $client->get( 'cocart/v2/session/t_' . str_repeat( 'c', 30 ) );
		}
		Control::reset();
		$errors[] = $client->delete( 'cocart/v2/session/nope' );
		$this->assertSame( 200, $this->rest( 'POST', '/cart-sessions/v1/settings' )->get_status() );
		foreach ( $errors as $i => $error ) {
			$this->assertInstanceOf( WP_Error::class, $error );
			$seen[ "error $i" ] = $error->get_error_message() . wp_json_encode( $error->get_error_data() );
		}

		// A wrong secret for a backup: its error messages too.
		$seen['GET log'] = $this->rest_json( 'GET', '/cart-sessions/v1/log' );
		$this->assertGreaterThan( 5, count( ( new DebugLog() )->entries() ), 'the log recorded the requests' );
		$seen['log option'] = (string) wp_json_encode( get_option( DebugLog::OPTION ) );

		// Site Health: every test and the Info section.
		delete_transient( SiteHealth::CACHE );
		$health = new SiteHealth();
		foreach ( $health->tests( array() )['direct'] as $id => $test ) {
			$seen[ "site health $id" ] = (string) wp_json_encode( call_user_func( $test['test'] ) );
		}
		$seen['site health info'] = (string) wp_json_encode( apply_filters( 'debug_information', array() ) );
		$this->assertStringContainsString( 'cart-sessions-for-cocart', $seen['site health info'] );

		// The admin page and the bundle.
		ob_start();
		( new Page() )->render();
		$seen['admin page'] = (string) ob_get_clean();
		foreach ( glob( CART_SESSIONS_DIR . '/build/*.js' ) ?: array() as $file ) {
			$seen[ basename( $file ) ] = (string) file_get_contents( $file );
		}
		$seen['DELETE log'] = $this->rest_json( 'DELETE', '/cart-sessions/v1/log' );

		// The options in the database (encrypted at rest).
		$seen['options'] = (string) $wpdb->get_var(
			$wpdb->prepare(
				"SELECT GROUP_CONCAT(option_value) FROM {$wpdb->options} WHERE option_name LIKE %s",
				'cart_sessions_%'
			)
		);

		foreach ( $seen as $where => $text ) {
			$this->assertNoSecret( $text, $where );
		}
		// And the secret did work all along (it is really the one in use).
		$this->assertSame(
			array( array( 'consumer_key' => $key['consumer_key'], 'consumer_secret' => self::SECRET ) ),
			( new Settings() )->key_pairs()
		);
	}
}
