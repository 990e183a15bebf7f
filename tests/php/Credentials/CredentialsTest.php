<?php
/**
 * Credentials: encryption at rest, validation, atomic saves, overrides and where each value comes from.
 */

declare(strict_types=1);

use CartSessions\Credentials\Encryption;
use CartSessions\Credentials\Overrides;
use CartSessions\Credentials\Settings;
use CartSessions\Credentials\Validator;

final class CredentialsTest extends WpTestCase {

	private const CK  = 'ck_0123456789abcdef0123456789abcdef01234567';
	private const CS  = 'cs_feedfacecafebeef0123456789abcdef01234567';
	private const CK2 = 'ck_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';
	private const CS2 = 'cs_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';

	protected function tearDown(): void {
		foreach ( Overrides::NAMES as $name ) {
			putenv( $name );
		}
		parent::tearDown();
	}

	public function test_encryption_round_trips_and_is_not_plaintext(): void {
		$enc    = new Encryption( 'material one' );
		$stored = $enc->encrypt( self::CS );
		$this->assertStringStartsWith( 'csenc2:', $stored );
		$this->assertStringNotContainsString( self::CS, $stored );
		$this->assertStringNotContainsString( substr( self::CS, 3 ), base64_decode( substr( $stored, 7 ) ) );
		$this->assertSame( self::CS, $enc->decrypt( $stored ) );
		$this->assertNotSame( $stored, $enc->encrypt( self::CS ), 'a fresh nonce each time' );
	}

	public function test_decryption_fails_closed(): void {
		$stored = ( new Encryption( 'material one' ) )->encrypt( self::CS );
		$this->assertNull( ( new Encryption( 'material two' ) )->decrypt( $stored ), 'another key' );
		$this->assertNull( ( new Encryption( 'material one' ) )->decrypt( self::CS ), 'plaintext is never accepted' );
		$this->assertNull( ( new Encryption( 'material one' ) )->decrypt( 'csenc2:' . base64_encode( 'short' ) ) );
		$this->assertNull( ( new Encryption( 'material one' ) )->decrypt( 'csenc1:***' ) );
		$this->assertNull( ( new Encryption( 'material one' ) )->decrypt( array( 'x' ) ) );
		$tampered    = base64_decode( substr( $stored, 7 ) );
		$tampered[30] = chr( ord( $tampered[30] ) ^ 1 );
		$this->assertNull( ( new Encryption( 'material one' ) )->decrypt( 'csenc2:' . base64_encode( $tampered ) ) );
	}

	public function test_key_comes_from_the_salts_without_the_constant(): void {
		$this->assertFalse( defined( 'CART_SESSIONS_ENCRYPTION_KEY' ) );
		$this->assertSame( 'salts', Encryption::key_source() );
	}

	public function test_secrets_are_stored_encrypted(): void {
		$settings = new Settings();
		$this->assertTrue( $settings->save( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ) );
		global $wpdb;
		$row = (string) $wpdb->get_var(
			$wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", Settings::OPTION )
		);
		$this->assertStringNotContainsString( self::CS, $row );
		$this->assertStringNotContainsString( self::CK, $row );
		$this->assertSame(
			'no',
			(string) $wpdb->get_var(
				$wpdb->prepare( "SELECT autoload FROM {$wpdb->options} WHERE option_name = %s", Settings::OPTION )
			)
		);
		$this->assertSame(
			array( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ),
			$settings->key_pairs()
		);
		$this->assertSame( Settings::STATE_OK, $settings->state() );
	}

	public function test_rotated_salts_mean_reconnect_required_never_garbage(): void {
		$this->assertTrue(
			( new Settings() )->save(
				array(
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
					'backup_keys'     => array( array( 'consumer_key' => self::CK2, 'consumer_secret' => self::CS2 ) ),
				)
			)
		);
		$this->add_test_filter(
			'salt',
			static function ( $salt ) {
				return 'rotated' . $salt;
			}
		);
		$settings = new Settings();
		$this->assertSame( Settings::STATE_RECONNECT, $settings->state() );
		$this->assertSame( array(), $settings->key_pairs() );
		$described = $settings->describe();
		$this->assertSame( 'reconnect_required', $described['state'] );
		$this->assertFalse( $described['secret_saved'] );
		$this->assertSame( '', $described['consumer_key_hint'] );
		$this->assertSame( array(), $described['backup_keys'] );
		$this->assertNull( $described['key_in_use'] );

		// Saving the key alone is refused with a message that says why; a full pair reconnects.
		$refused = $settings->save( array( 'consumer_key' => self::CK ) );
		$this->assertWPError( $refused );
		$this->assertStringContainsString(
			'can no longer be read',
			$refused->get_error_data()['params']['consumer_secret']
		);
		$this->assertTrue( $settings->save( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ) );
		$this->assertSame( Settings::STATE_OK, $settings->state() );
		$this->assertCount( 1, $settings->key_pairs(), 'the unreadable backups are gone' );
	}

	public function test_without_a_key_nothing_is_saved_and_nothing_decrypts(): void {
		$settings = new Settings();
		$this->assertTrue( $settings->save( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ) );
		$before = get_option( Settings::OPTION );

		$keyless = new Settings( new Encryption( '' ) );
		$this->assertSame( Settings::STATE_RECONNECT, $keyless->state(), 'no key: the saved pair cannot be read' );
		$refused = $keyless->save( array( 'consumer_key' => self::CK2, 'consumer_secret' => self::CS2 ) );
		$this->assertInstanceOf( WP_Error::class, $refused );
		$this->assertSame( 'cart_sessions_encryption_unavailable', $refused->get_error_code() );
		$this->assertSame( 500, $refused->get_error_data()['status'] );
		$this->assertStringNotContainsString( self::CS2, $refused->get_error_message() );
		$this->assertSame( $before, get_option( Settings::OPTION ), 'nothing saved, certainly not in plaintext' );
	}

	public function test_a_plaintext_value_in_the_option_is_not_used(): void {
		update_option(
			Settings::OPTION,
			array( 'secrets' => wp_json_encode( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ) ),
			false
		);
		$settings = new Settings();
		$this->assertSame( Settings::STATE_RECONNECT, $settings->state() );
		$this->assertSame( array(), $settings->key_pairs() );
	}

	public function test_validation_messages(): void {
		$this->assertNull( Validator::store_url( 'https://shop.example.com' ) );
		$this->assertNull( Validator::store_url( 'http://127.0.0.1:8899/sub/' ) );
		$this->assertNull( Validator::store_url( '' ) );
		$bads = array(
			'ftp://shop.example.com',
			'javascript:alert(1)',
			'file:///etc/passwd',
			'shop.example.com',
			'https://',
			'https://u:p@shop.example.com',
			'https://shop.example.com/?a=1',
			'gopher://x',
			'https://shop.example.com/"onmouseover',
		);
		foreach ( $bads as $bad ) {
			$this->assertNotNull( Validator::store_url( $bad ), $bad );
		}
		$this->assertNotNull( Validator::store_url( 'https://x.com/' . str_repeat( 'a', 3000 ) ) );
		$this->assertSame(
			'https://shop.example.com:8443/sub',
			Validator::normalise_url( ' HTTPS://Shop.Example.com:8443/sub/ ' )
		);

		$this->assertNull( Validator::consumer_key( self::CK ) );
		$this->assertStringContainsString( 'consumer secret', (string) Validator::consumer_key( self::CS ) );
		$this->assertNotNull( Validator::consumer_key( 'ck_' . str_repeat( 'a', 39 ) ) );
		$this->assertNotNull( Validator::consumer_key( 'ck_' . str_repeat( 'a', 41 ) ) );
		$this->assertNotNull( Validator::consumer_key( 'ck_' . str_repeat( 'g', 40 ) ) );
		$this->assertNull( Validator::consumer_secret( self::CS ) );
		$this->assertStringContainsString( 'consumer key', (string) Validator::consumer_secret( self::CK ) );
		$this->assertNotNull( Validator::consumer_secret( 'cs_' . str_repeat( 'A', 40 ) ) );
		$this->assertNull( Validator::timeout( 15 ) );
		$this->assertNull( Validator::timeout( '60' ) );
		$this->assertNotNull( Validator::timeout( 1 ) );
		$this->assertNotNull( Validator::timeout( 61 ) );
		$this->assertNotNull( Validator::timeout( 2.5 ) );
		$this->assertSame( 'ck_…4567', Validator::hint( self::CK ) );
	}

	public function test_a_failed_save_changes_nothing(): void {
		$settings = new Settings();
		$this->assertTrue(
			$settings->save(
				array(
					'store_url'       => 'https://one.example.com',
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
					'timeout'         => 20,
				)
			)
		);
		$before = get_option( Settings::OPTION );

		$cases = array(
			'consumer_key'                    => array(
				'store_url'       => 'https://two.example.com',
				'consumer_key'    => 'ck_short',
				'consumer_secret' => self::CS2,
			),
			'store_url'                       => array(
				'store_url'       => 'ftp://two.example.com',
				'consumer_key'    => self::CK2,
				'consumer_secret' => self::CS2,
			),
			'timeout'                         => array( 'store_url' => 'https://two.example.com', 'timeout' => 0 ),
			'consumer_secret'                 => array( 'consumer_key' => self::CK2, 'timeout' => 30 ),
			'backup_keys[1].consumer_secret'  => array(
				'timeout'     => 30,
				'backup_keys' => array(
					array( 'consumer_key' => self::CK2, 'consumer_secret' => self::CS2 ),
					array( 'consumer_key' => 'ck_' . str_repeat( 'c', 40 ), 'consumer_secret' => '' ),
				),
			),
			'backup_keys[0]'                  => array(
				'timeout'     => 30,
				'backup_keys' => array( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ),
			),
		);
		foreach ( $cases as $field => $input ) {
			$result = $settings->save( $input );
			$this->assertWPError( $result, $field );
			$this->assertSame( 400, $result->get_error_data()['status'] );
			$this->assertArrayHasKey(
				$field,
				$result->get_error_data()['params'],
				$field . ': ' . wp_json_encode( $result->get_error_data() )
			);
			$this->assertStringContainsString( $field, $result->get_error_message() );
			$this->assertSame( $before, get_option( Settings::OPTION ), "nothing saved after a bad $field" );
		}
	}

	public function test_partial_saves_keep_the_secret_and_changing_the_key_needs_its_secret(): void {
		$settings = new Settings();
		$this->assertTrue( $settings->save( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ) );
		$this->assertTrue(
			$settings->save( array( 'timeout' => 30, 'consumer_key' => self::CK, 'consumer_secret' => '' ) )
		);
		$this->assertSame( self::CS, $settings->key_pairs()[0]['consumer_secret'] );
		$this->assertSame( 30, $settings->timeout() );

		// Rotation by hand: the old primary becomes the backup, keeping its secret without retyping it.
		$this->assertTrue(
			$settings->save(
				array(
					'consumer_key'    => self::CK2,
					'consumer_secret' => self::CS2,
					'backup_keys'     => array( array( 'consumer_key' => self::CK, 'consumer_secret' => '' ) ),
				)
			)
		);
		$this->assertSame(
			array(
				array( 'consumer_key' => self::CK2, 'consumer_secret' => self::CS2 ),
				array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ),
			),
			$settings->key_pairs()
		);
		$this->assertTrue( $settings->save( array( 'clear_credentials' => true ) ) );
		$this->assertSame( Settings::STATE_NOT_CONFIGURED, $settings->state() );
		$this->assertSame( '', get_option( Settings::OPTION )['secrets'] );
	}

	public function test_store_url_defaults_to_this_site(): void {
		$settings = new Settings();
		$this->assertSame( untrailingslashit( home_url() ), $settings->store_url() );
		$this->assertSame( 'default', $settings->source( 'store_url' ) );
		$this->assertTrue( $settings->save( array( 'store_url' => 'https://Shop.example.com/' ) ) );
		$this->assertSame( 'https://shop.example.com', $settings->store_url() );
		$this->assertSame( 'saved', $settings->source( 'store_url' ) );
		$this->assertTrue( $settings->save( array( 'store_url' => '' ) ) );
		$this->assertSame( 'default', $settings->source( 'store_url' ) );
	}

	public function test_environment_variables_override_and_lock(): void {
		$settings = new Settings();
		// Saved for the store the override names (a pair saved for another store is refused: OriginBindingTest).
		$this->assertTrue(
			$settings->save(
				array(
					'store_url'       => 'https://env.example.com/saved',
					'consumer_key'    => self::CK,
					'consumer_secret' => self::CS,
				)
			)
		);
		putenv( 'COCART_API_URL=https://env.example.com' );
		putenv( 'COCART_CONSUMER_SECRET=' . self::CS2 );

		$this->assertSame( 'https://env.example.com', $settings->store_url() );
		$this->assertSame( 'environment', $settings->source( 'store_url' ) );
		$this->assertSame( 'saved', $settings->source( 'consumer_key' ) );
		$this->assertSame( 'environment', $settings->source( 'consumer_secret' ) );
		$this->assertTrue( $settings->is_locked( 'store_url' ) );
		$this->assertFalse( $settings->is_locked( 'consumer_key' ) );
		$this->assertSame( self::CS2, $settings->key_pairs()[0]['consumer_secret'] );

		$refused = $settings->save( array( 'store_url' => 'https://other.example.com' ) );
		$this->assertWPError( $refused );
		$this->assertStringContainsString( 'COCART_API_URL', $refused->get_error_data()['params']['store_url'] );
		$this->assertTrue(
			$settings->save( array( 'store_url' => '', 'timeout' => 9 ) ),
			'an empty locked field is ignored'
		);

		$described = $settings->describe();
		$this->assertSame( 'environment', $described['sources']['store_url'] );
		$this->assertTrue( $described['locked']['store_url'] );
		$this->assertSame( 'COCART_API_URL', $described['overridden_by']->store_url );
	}

	public function test_a_constant_wins_over_the_environment(): void {
		putenv( 'COCART_CONSUMER_KEY=' . self::CK2 );
		putenv( 'COCART_CONSUMER_SECRET=' . self::CS2 );
		$constants = array(
			'COCART_CONSUMER_KEY'    => self::CK,
			'COCART_CONSUMER_SECRET' => self::CS,
		);
		$settings  = new Settings(
			null,
			new Overrides(
				static function ( string $name ) use ( $constants ): ?string {
					return $constants[ $name ] ?? null;
				}
			)
		);
		$this->assertSame(
			array( array( 'consumer_key' => self::CK, 'consumer_secret' => self::CS ) ),
			$settings->key_pairs()
		);
		$this->assertSame( 'constant', $settings->source( 'consumer_key' ) );
		$this->assertSame( 'constant', $settings->source( 'consumer_secret' ) );
		$this->assertSame( 'default', $settings->source( 'store_url' ) );
		$this->assertSame( Settings::STATE_OK, $settings->state() );
		$this->assertTrue( $settings->describe()['secret_saved'] );
	}

	public function test_an_invalid_override_is_reported_not_used(): void {
		putenv( 'COCART_API_URL=ftp://shop.example.com' );
		$settings = new Settings();
		$this->assertSame( Settings::STATE_INVALID_OVERRIDE, $settings->state() );
		$this->assertSame( '', $settings->store_url(), 'never a non-http address' );
		$this->assertStringContainsString( 'COCART_API_URL', $settings->override_errors()['store_url'] );
	}

	/**
	 * @param mixed $actual
	 */
	private function assertWPError( $actual, string $message = '' ): void {
		$this->assertInstanceOf( WP_Error::class, $actual, $message );
	}
}
