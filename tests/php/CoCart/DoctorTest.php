<?php
/**
 * The connection doctor against the store double over real HTTP, in each version mode and with each kind of
 * key, and through its REST route.
 */

declare(strict_types=1);

use CartSessions\CoCart\DebugLog;
use CartSessions\CoCart\Doctor;
use CartSessions\Credentials\Settings;
use CoCartDouble\Control;

final class DoctorTest extends HttpTestCase {

	protected function setUp(): void {
		parent::setUp();
		$options = array( Settings::OPTION, Settings::STATE_OPTION, DebugLog::OPTION, Doctor::STORE_INFO_OPTION );
		foreach ( $options as $option ) {
			delete_option( $option );
		}
		$this->add_test_filter( 'https_ssl_verify', '__return_false' );
	}

	protected function tearDown(): void {
		$options = array( Settings::OPTION, Settings::STATE_OPTION, DebugLog::OPTION, Doctor::STORE_INFO_OPTION );
		foreach ( $options as $option ) {
			delete_option( $option );
		}
		parent::tearDown();
	}

	/**
	 * @param array<string,mixed> $key
	 * @return array<string,array<string,mixed>> checks by id
	 */
	private function doctor( array $key, string $url = self::HTTP ): array {
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => $url,
					'consumer_key'    => $key['consumer_key'],
					'consumer_secret' => $key['consumer_secret'],
				)
			)
		);
		$report = ( new Doctor() )->run();
		$checks = array_column( $report['checks'], null, 'id' );
		$this->assertSame(
			array(
				'settings',
				'transport',
				'reachable',
				'permalinks',
				'cocart',
				'sessions_route',
				'key',
				'key_owner',
				'key_permission',
				'system_status',
				'auth_header',
				'version',
				'loopback',
			),
			array_keys( $checks )
		);
		foreach ( $checks as $check ) {
			$this->assertContains( $check['status'], array( 'pass', 'warn', 'fail', 'skip' ) );
			$this->assertNotSame( '', $check['message'] );
			$this->assertStringNotContainsString( (string) $key['consumer_secret'], (string) wp_json_encode( $check ) );
			if (
				in_array( $check['status'], array( 'warn', 'fail' ), true )
				&& 'transport' !== $check['id']
				&& 'sessions_route' !== $check['id']
			) {
				$this->assertNotEmpty( $check['fix'], $check['id'] . ' names a fix' );
			}
		}
		return $checks;
	}

	/**
	 * @param array<string,array<string,mixed>> $checks
	 * @return array<string,string>
	 */
	private static function statuses( array $checks ): array {
		return array_map(
			static function ( array $c ): string {
				return $c['status'];
			},
			$checks
		);
	}

	public function test_a_good_key_over_http_passes_every_check(): void {
		$checks = $this->doctor( $this->make_key() );
		$expect = array_fill_keys( array_keys( $checks ), 'pass' );
		$expect['auth_header'] = 'skip';
		$this->assertSame( $expect, self::statuses( $checks ), wp_json_encode( $checks, JSON_PRETTY_PRINT ) );
		$this->assertStringContainsString( '4.3.6', $checks['cocart']['message'] );
		$info = get_option( Doctor::STORE_INFO_OPTION );
		$this->assertSame( '4.3.6', $info['cocart_version'] );
		$this->assertSame( 2, $info['decimals'] );
		$this->assertSame( 'GBP', $info['currency'] );
	}

	public function test_a_good_key_over_https_passes_every_check(): void {
		$checks = $this->doctor( $this->make_key(), self::HTTPS );
		$this->assertSame(
			array_fill_keys( array_keys( $checks ), 'pass' ),
			self::statuses( $checks ),
			wp_json_encode( $checks, JSON_PRETTY_PRINT )
		);
	}

	public function test_a_read_only_key_is_told_deleting_will_fail(): void {
		$checks = $this->doctor( $this->make_key( 'read' ) );
		$this->assertSame( 'warn', $checks['key_permission']['status'] );
		$this->assertStringContainsString( 'deleting carts', $checks['key_permission']['message'] );
		$this->assertStringContainsString( 'write permissions', $checks['key_permission']['message'] );
		$this->assertStringContainsString( 'Read/Write', $checks['key_permission']['fix'] );
		$this->assertSame( 'pass', $checks['key']['status'] );
	}

	public function test_a_wrong_secret_is_named(): void {
		$key                    = $this->make_key();
		$key['consumer_secret'] = 'cs_' . str_repeat( '9', 40 );
		foreach ( array( self::HTTP, self::HTTPS ) as $url ) {
			$checks = $this->doctor( $key, $url );
			$this->assertSame( 'fail', $checks['key']['status'], $url );
			$this->assertStringContainsString( 'refused', $checks['key']['message'] );
			$this->assertStringContainsString( 'secret', $checks['key']['message'] . $checks['key']['fix'] );
			$this->assertSame( 'skip', $checks['key_permission']['status'] );
			$this->assertSame( 'pass', $checks['cocart']['status'], 'the public checks still run' );
		}
	}

	public function test_a_refused_primary_key_with_a_working_backup_is_a_warning_naming_the_backup(): void {
		$dead = $this->make_key();
		$good = $this->make_key();
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => self::HTTP,
					'consumer_key'    => $dead['consumer_key'],
					'consumer_secret' => 'cs_' . str_repeat( '7', 40 ),
					'backup_keys'     => array(
						array( 'consumer_key' => $good['consumer_key'], 'consumer_secret' => $good['consumer_secret'] ),
					),
				)
			)
		);
		$report = ( new Doctor() )->run();
		$checks = array_column( $report['checks'], null, 'id' );
		$this->assertSame( 'warn', $checks['key']['status'], wp_json_encode( $checks['key'] ) );
		$this->assertStringContainsString( 'backup key pair #1', $checks['key']['message'] );
		$this->assertSame( 'backup', $report['key_in_use']['label'] );
		$this->assertSame( 'ck_…' . substr( $good['consumer_key'], -4 ), $report['key_in_use']['consumer_key_hint'] );
		$this->assertTrue( $report['ok'] );
	}

	public function test_a_key_of_a_customer_fails_the_owner_check(): void {
		$checks = $this->doctor( $this->make_key( 'read_write', 'subscriber' ) );
		$this->assertSame( 'fail', $checks['key_owner']['status'] );
		$this->assertStringContainsString( 'Shop manager', $checks['key_owner']['fix'] );
	}

	/**
	 * @return array<string,array{0:string,1:string,2:string}>
	 */
	public function modes(): array {
		return array(
			'4.2.0–4.3.5' => array( '4.2.0', 'always answer “not found”', self::HTTP ),
			'4.7.0'       => array( '4.7.0', 'HTTP 500', self::HTTP ),
			'4.8.0'       => array( '4.8.0', 'Authorization header', self::HTTPS ),
			'documented'  => array( 'documented', 'documented', self::HTTP ),
		);
	}

	/**
	 * @dataProvider modes
	 */
	public function test_each_version_mode_is_named_with_what_it_affects(
		string $mode,
		string $affected,
		string $url
	): void {
		Control::set_mode( $mode );
		$checks = $this->doctor( $this->make_key(), $url );
		$this->assertSame( 'warn', $checks['version']['status'], wp_json_encode( $checks['version'] ) );
		$this->assertStringContainsString( Control::version(), $checks['version']['message'] );
		$this->assertStringContainsString( $affected, $checks['version']['message'] );
		$this->assertSame( 'pass', $checks['key']['status'], wp_json_encode( $checks['key'] ) );
		$this->assertSame( 'pass', $checks['key_permission']['status'], wp_json_encode( $checks['key_permission'] ) );
		if ( '4.8.0' === $mode ) {
			$this->assertSame( 'warn', $checks['auth_header']['status'] );
			$this->assertStringContainsString( 'query parameters', $checks['auth_header']['message'] );
		}
		if ( 'documented' === $mode ) {
			$this->assertSame( 'warn', $checks['sessions_route']['status'] );
		}
	}

	public function test_not_configured_still_checks_the_store(): void {
		$report = ( new Doctor() )->run();
		$checks = array_column( $report['checks'], null, 'id' );
		$this->assertFalse( $report['ok'] );
		$this->assertSame( 'fail', $checks['settings']['status'] );
		$this->assertSame( 'pass', $checks['reachable']['status'] );
		$this->assertSame( 'pass', $checks['cocart']['status'] );
		$this->assertSame( 'skip', $checks['key']['status'] );
	}

	public function test_plain_permalinks_are_named(): void {
		$key = $this->make_key();
		update_option( 'permalink_structure', '' );
		delete_option( 'rewrite_rules' );
		try {
			$checks = $this->doctor( $key );
		} finally {
			update_option( 'permalink_structure', '/%postname%/' );
			delete_option( 'rewrite_rules' );
		}
		$this->assertSame( 'pass', $checks['reachable']['status'] );
		$this->assertSame( 'fail', $checks['permalinks']['status'], wp_json_encode( $checks['permalinks'] ) );
		$this->assertStringContainsString( 'permalinks', $checks['permalinks']['message'] );
		$this->assertStringContainsString( 'Permalinks', $checks['permalinks']['fix'] );
		$this->assertSame( 'fail', $checks['key']['status'] );
	}

	public function test_an_unreachable_store(): void {
		$key = $this->make_key();
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => 'http://127.0.0.1:1',
					'consumer_key'    => $key['consumer_key'],
					'consumer_secret' => $key['consumer_secret'],
				)
			)
		);
		$checks = array_column( ( new Doctor() )->run()['checks'], null, 'id' );
		$this->assertSame( 'fail', $checks['reachable']['status'] );
		$this->assertStringContainsString( 'Could not reach', $checks['reachable']['message'] );
		$this->assertSame( 'skip', $checks['key']['status'] );
	}

	public function test_the_route_runs_it_for_a_shop_manager_only(): void {
		$key = $this->make_key();
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => self::HTTP,
					'consumer_key'    => $key['consumer_key'],
					'consumer_secret' => $key['consumer_secret'],
				)
			)
		);
		$route = '/cart-sessions/v1/connection/test';
		$this->assertSame( 401, $this->rest( 'POST', $route )->get_status() );
		wp_set_current_user( $this->make_user( 'subscriber' ) );
		$this->assertSame( 403, $this->rest( 'POST', $route )->get_status() );
		$this->add_test_filter( 'cart_sessions_is_woocommerce_active', '__return_true' );
		wp_set_current_user( $this->make_user( 'shop_manager' ) );
		$response = $this->rest( 'POST', $route );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertTrue( $data['ok'], wp_json_encode( $data ) );
		$this->assertSame( '4.3.6', $data['cocart_version'] );
		$this->assertStringNotContainsString( $key['consumer_secret'], (string) wp_json_encode( $data ) );
	}

	private function count_store_carts(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . \CoCartDouble\Schema::carts_table() );
	}

	public function test_test_connection_adds_no_cart_to_the_store(): void {
		$key = $this->make_key();
		$this->doctor( $key ); // The key owner's own row is written by its first request, as by any use of the key.
		$before = $this->count_store_carts();
		$this->doctor( $key );
		$this->doctor( $key, self::HTTPS );
		$this->assertSame( $before, $this->count_store_carts(), 'no phantom guest carts' );
		delete_option( Settings::OPTION );
		( new Doctor() )->run(); // Not configured: only anonymous requests.
		$this->assertSame( $before, $this->count_store_carts() );
	}

	public function test_a_plain_http_store_on_another_port_of_this_host_is_not_called_this_same_site(): void {
		$here  = (array) wp_parse_url( home_url() );
		$other = 'http://' . $here['host'] . ':' . ( (int) ( $here['port'] ?? 80 ) + 7 );
		$this->assertFalse( Doctor::is_this_site( $other ) );
		$this->assertFalse(
			Doctor::is_this_site( 'https://' . $here['host'] . ( isset( $here['port'] ) ? ':' . $here['port'] : '' ) ),
			'another scheme'
		);
		$this->assertTrue( Doctor::is_this_site( home_url( '/shop/' ) ) );
		$key = $this->make_key();
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'store_url'       => $other,
					'consumer_key'    => $key['consumer_key'],
					'consumer_secret' => $key['consumer_secret'],
				)
			)
		);
		$checks = array_column( ( new Doctor() )->run()['checks'], null, 'id' );
		$this->assertSame( 'warn', $checks['transport']['status'], wp_json_encode( $checks['transport'] ) );
		$this->assertStringContainsString( 'unencrypted', $checks['transport']['message'] );
	}

	public function test_a_self_signed_store_is_told_the_https_ssl_verify_fix_and_the_fix_works(): void {
		remove_filter( 'https_ssl_verify', '__return_false' );
		$key    = $this->make_key();
		$checks = $this->doctor( $key, self::HTTPS );
		$this->assertSame( 'fail', $checks['reachable']['status'], wp_json_encode( $checks['reachable'] ) );
		$this->assertStringContainsString( 'does not trust', $checks['reachable']['message'] );
		$this->assertStringContainsString( 'https_ssl_verify', $checks['reachable']['fix'] );
		// The readme's mu-plugin: trust exactly the store's certificate for the store's URLs.
		$cert  = ( getenv( 'LOCAL_WP_DIR' ) ?: dirname( __DIR__, 3 ) . '/.local-wp' ) . '/tls/cert.pem';
		$trust = static function ( $verify, string $url = '' ) use ( $cert ) {
			return 0 === strpos( $url, self::HTTPS . '/' ) ? $cert : $verify;
		};
		$this->assertFileExists( $cert );
		add_filter( 'https_ssl_verify', $trust, 10, 2 );
		try {
			$checks = $this->doctor( $key, self::HTTPS );
		} finally {
			remove_filter( 'https_ssl_verify', $trust, 10 );
		}
		$this->assertSame( 'pass', $checks['reachable']['status'], wp_json_encode( $checks['reachable'] ) );
		$this->assertSame( 'pass', $checks['key']['status'], wp_json_encode( $checks['key'] ) );
		$this->assertSame( 'pass', $checks['auth_header']['status'], 'Basic auth works end to end' );
	}

	public function test_the_version_check_names_the_callers_customer_bug_the_detail_panel_warns_about(): void {
		$checks = $this->doctor( $this->make_key() );
		$this->assertStringNotContainsString( 'no known', $checks['version']['message'] );
		$this->assertStringContainsString( 'key owner', $checks['version']['message'] );
		$this->assertStringContainsString( '4.8.1', $checks['version']['message'] );
	}
}
